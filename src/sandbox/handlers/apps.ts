/** POST /app/installations/{installation_id}/access_tokens: the token the queue consumer works with. */
import { notFound } from "../github-errors.js";
import type { Handler } from "./handler.js";

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const createInstallationAccessToken: Handler = (request, state) => {
  const installation = state.installations.find((candidate) => candidate.id === request.params.installation_id);
  if (!installation || installation.deleted) {
    return notFound("https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app");
  }
  // Generated at run time and kept in memory only: the sandbox never holds anything resembling a real secret.
  const token = `ghs_${randomText(36)}`;
  const expiresAt = new Date(state.now().getTime() + TOKEN_LIFETIME_MS);
  state.tokens.set(token, { kind: "installation", installationId: installation.id, expiresAt });
  return {
    status: 201,
    json: {
      token,
      expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions: { checks: "write", contents: "read", issues: "write", metadata: "read", pull_requests: "write" },
      repository_selection: "all",
    },
  };
};

function randomText(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length]).join("");
}
