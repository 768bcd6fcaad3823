/**
 * GitHub App authentication with WebCrypto only (works in workerd and Node): an RS256 JWT signed with the
 * App's PKCS#8 private key, exchanged for installation tokens that are cached until shortly before expiry.
 */

/** GitHub hands out PKCS#1 keys ("BEGIN RSA PRIVATE KEY"); WebCrypto needs PKCS#8. The README shows the openssl line. */
export class PrivateKeyFormatError extends Error {
  constructor() {
    super("GITHUB_PRIVATE_KEY is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in app.pem -out app-pkcs8.pem`");
    this.name = "PrivateKeyFormatError";
  }
}

function base64UrlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function pemToDer(pem: string): Uint8Array {
  if (pem.includes("BEGIN RSA PRIVATE KEY")) throw new PrivateKeyFormatError();
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  const binary = atob(body);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(pem: string): Promise<CryptoKey> {
  let key = keyCache.get(pem);
  if (!key) {
    key = crypto.subtle.importKey("pkcs8", pemToDer(pem), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
    keyCache.set(pem, key);
  }
  return key;
}

/** An App JWT: valid from 60 s ago (clock drift) for 9 minutes (GitHub allows at most 10). */
export async function createAppJwt(appId: string, privateKeyPem: string, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000) - 60;
  const encoder = new TextEncoder();
  const header = base64UrlEncode(encoder.encode(JSON.stringify({ alg: "RS256", typ: "JWT" })));
  const payload = base64UrlEncode(encoder.encode(JSON.stringify({ iat: issuedAt, exp: issuedAt + 540, iss: appId })));
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", await importKey(privateKeyPem), encoder.encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64UrlEncode(new Uint8Array(signature))}`;
}

/**
 * A fresh RS256 key pair for an App that exists only locally (`npm start`'s sandbox, tests): the private key as
 * the PKCS#8 PEM the Worker reads from GITHUB_PRIVATE_KEY, the public key for the sandbox to verify JWTs with.
 */
export async function generateAppKeyPair(): Promise<{ privateKeyPem: string; publicKey: CryptoKey }> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const der = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  let binary = "";
  for (const byte of der) binary += String.fromCharCode(byte);
  const body = btoa(binary).replace(/.{64}/g, "$&\n");
  return { privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`, publicKey: pair.publicKey };
}

export interface InstallationToken {
  token: string;
  expiresAt: Date;
}

export type TokenRequester = (installationId: number, appJwt: string) => Promise<InstallationToken>;

/** Caches installation tokens per installation until five minutes before they expire (they last an hour). */
export class InstallationTokens {
  private readonly cache = new Map<number, InstallationToken>();

  constructor(
    private readonly appId: string,
    private readonly privateKeyPem: string,
    private readonly request: TokenRequester,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(installationId: number): Promise<string> {
    const cached = this.cache.get(installationId);
    if (cached && cached.expiresAt.getTime() - this.now().getTime() > 5 * 60_000) return cached.token;
    const fresh = await this.request(installationId, await createAppJwt(this.appId, this.privateKeyPem, this.now()));
    this.cache.set(installationId, fresh);
    return fresh.token;
  }

  forget(installationId: number): void {
    this.cache.delete(installationId);
  }
}
