/**
 * Who is calling. The installation-token endpoint takes the App's JWT (RS256; verified when the seed gives the
 * App's public key); every other endpoint takes a token the sandbox issued (or a seeded user token). A missing,
 * unknown or expired credential is a 401, as on GitHub.
 */
import type { Actor, SandboxState } from "./state.js";

export type Authentication =
  | { ok: true; actor: Actor; installationId?: number }
  | { ok: false; reason: string };

const APP_JWT_OPERATIONS = new Set(["apps/create-installation-access-token"]);
/** GitHub refuses JWTs that live longer than ten minutes; a minute of clock skew is allowed. */
const MAX_JWT_LIFETIME_S = 600;
const CLOCK_SKEW_S = 60;

export async function authenticate(state: SandboxState, operationId: string, headers: Headers): Promise<Authentication> {
  const header = headers.get("authorization") ?? "";
  const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
  if (!credential) return { ok: false, reason: "no Authorization header with a token or JWT" };
  if (APP_JWT_OPERATIONS.has(operationId)) return verifyAppJwt(state, credential);

  const token = state.tokens.get(credential);
  if (!token) {
    const looksLikeJwt = credential.split(".").length === 3;
    return {
      ok: false,
      reason: looksLikeJwt
        ? `${operationId} needs an installation token, but the App's JWT was sent`
        : "the token was not issued by this sandbox",
    };
  }
  if (token.kind === "user") return { ok: true, actor: token.actor };
  if (token.expiresAt <= state.now()) return { ok: false, reason: "the installation token has expired" };
  const installation = state.installations.find((candidate) => candidate.id === token.installationId);
  if (!installation || installation.deleted) return { ok: false, reason: "the installation was removed" };
  return { ok: true, actor: state.app.bot, installationId: token.installationId };
}

async function verifyAppJwt(state: SandboxState, jwt: string): Promise<Authentication> {
  const [headerPart, payloadPart, signaturePart] = jwt.split(".");
  if (!headerPart || !payloadPart || signaturePart === undefined) {
    return { ok: false, reason: "the App JWT is not three base64url parts" };
  }
  let header: { alg?: string };
  let payload: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(decodeBase64Url(headerPart));
    payload = JSON.parse(decodeBase64Url(payloadPart));
  } catch {
    return { ok: false, reason: "the App JWT's header or payload is not base64url JSON" };
  }
  if (header.alg !== "RS256") return { ok: false, reason: `the App JWT must use RS256, got ${String(header.alg)}` };
  if (String(payload.iss) !== String(state.app.id)) {
    return { ok: false, reason: `the App JWT's iss is ${String(payload.iss)}, expected the App id ${state.app.id}` };
  }
  const now = Math.floor(state.now().getTime() / 1000);
  if (typeof payload.exp !== "number" || typeof payload.iat !== "number") {
    return { ok: false, reason: "the App JWT needs numeric iat and exp claims" };
  }
  if (payload.exp <= now) return { ok: false, reason: "the App JWT has expired" };
  if (payload.iat > now + CLOCK_SKEW_S) return { ok: false, reason: "the App JWT's iat is in the future" };
  if (payload.exp - now > MAX_JWT_LIFETIME_S + CLOCK_SKEW_S) {
    return { ok: false, reason: "the App JWT's exp is more than 10 minutes in the future" };
  }
  if (state.app.publicKey) {
    const key = await importPublicKey(state.app.publicKey);
    const signature = Uint8Array.from(decodeBase64Url(signaturePart), (char) => char.charCodeAt(0));
    const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
    const valid = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, signed);
    if (!valid) return { ok: false, reason: "the App JWT's signature does not match the App's public key" };
  }
  return { ok: true, actor: state.app.bot };
}

async function importPublicKey(key: CryptoKey | string): Promise<CryptoKey> {
  if (typeof key !== "string") return key;
  const base64 = key.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s/g, "");
  const der = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return crypto.subtle.importKey("spki", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
}

/** Returns a binary string (one char per byte). */
function decodeBase64Url(part: string): string {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  return atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
}
