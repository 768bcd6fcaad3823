/**
 * Queue API tokens, one or more per installation. Only a SHA-256 of each token is stored (made by
 * scripts/create-api-token.mjs), so a leaked database does not leak a usable token.
 */

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class ApiTokenStore {
  constructor(private readonly db: D1Database) {}

  /** The installation a token belongs to, or null for an unknown or revoked token. */
  async installationFor(token: string): Promise<number | null> {
    const row = await this.db
      .prepare("SELECT installation_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")
      .bind(await hashToken(token))
      .first<{ installation_id: number }>();
    return row?.installation_id ?? null;
  }

  async add(token: string, installationId: number, label: string | null, now: string): Promise<void> {
    await this.db
      .prepare("INSERT INTO api_tokens (token_hash, installation_id, label, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING")
      .bind(await hashToken(token), installationId, label, now)
      .run();
  }
}
