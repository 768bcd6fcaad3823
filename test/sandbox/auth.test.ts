/** Credentials as GitHub checks them: the App JWT for installation tokens, installation tokens for the rest. */
import { describe, expect, it } from "vitest";
import { createGitHubSandbox } from "../../src/sandbox/index.js";
import { call, sampleSeed } from "./sandbox-fixture.js";

const base64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const text = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));

async function appJwt(privateKey: CryptoKey, claims: Record<string, unknown>): Promise<string> {
  const unsigned = `${text({ alg: "RS256", typ: "JWT" })}.${text(claims)}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, new TextEncoder().encode(unsigned));
  return `${unsigned}.${base64Url(new Uint8Array(signature))}`;
}

async function keyPair(): Promise<CryptoKeyPair> {
  // RSASSA parameters always yield a pair; workers-types' overload cannot tell that.
  return (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
}

describe("authentication", () => {
  it("exchanges a signed App JWT for an installation token that then reads the repository", async () => {
    const keys = await keyPair();
    const sandbox = createGitHubSandbox({ ...sampleSeed(), app: { id: 4242, publicKey: keys.publicKey } });
    const now = Math.floor(Date.now() / 1000);
    const jwt = await appJwt(keys.privateKey, { iss: "4242", iat: now - 60, exp: now + 540 });
    const issued = await call(sandbox, "POST", "/app/installations/1/access_tokens", undefined, { authorization: `Bearer ${jwt}` });
    expect(issued.status).toBe(201);
    expect(issued.json.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(Date.parse(issued.json.expires_at)).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    const repo = await call(sandbox, "GET", "/repos/acme/shop", undefined, { authorization: `token ${issued.json.token}` });
    expect(repo.status).toBe(200);
    expect(repo.json.full_name).toBe("acme/shop");
    expect(sandbox.violations).toEqual([]);
  });

  it("refuses a JWT signed by another key, one with the wrong iss, and one living over 10 minutes", async () => {
    const keys = await keyPair();
    const other = await keyPair();
    const sandbox = createGitHubSandbox({ ...sampleSeed(), app: { id: 4242, publicKey: keys.publicKey } });
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      [await appJwt(other.privateKey, { iss: 4242, iat: now, exp: now + 300 }), /signature/],
      [await appJwt(keys.privateKey, { iss: 1, iat: now, exp: now + 300 }), /iss is 1, expected the App id 4242/],
      [await appJwt(keys.privateKey, { iss: 4242, iat: now, exp: now + 3600 }), /more than 10 minutes/],
    ] as const;
    for (const [jwt, reason] of cases) {
      const answer = await call(sandbox, "POST", "/app/installations/1/access_tokens", undefined, { authorization: `Bearer ${jwt}` });
      expect(answer.status).toBe(401);
      expect(sandbox.violations.at(-1)?.errors.join()).toMatch(reason);
    }
  });

  it("refuses the App JWT where an installation token is needed", async () => {
    const sandbox = createGitHubSandbox(sampleSeed());
    const answer = await call(sandbox, "GET", "/repos/acme/shop", undefined, { authorization: "Bearer aaa.bbb.ccc" });
    expect(answer.status).toBe(401);
    expect(sandbox.violations[0]?.errors[0]).toMatch(/needs an installation token, but the App's JWT was sent/);
  });

  it("hides repositories of other installations behind 404", async () => {
    const seed = sampleSeed();
    const sandbox = createGitHubSandbox({ ...seed, installations: [{ id: 1 }, { id: 2 }] });
    const answer = await call(sandbox, "GET", "/repos/acme/shop", undefined, { authorization: `token ${sandbox.installationToken(2)}` });
    expect(answer.status).toBe(404);
  });

  it("stops honouring tokens once the installation is deleted", async () => {
    const sandbox = createGitHubSandbox(sampleSeed());
    const token = sandbox.installationToken();
    const installation = sandbox.state.installations[0];
    if (!installation) throw new Error("no installation seeded");
    installation.deleted = true;
    const answer = await call(sandbox, "GET", "/repos/acme/shop", undefined, { authorization: `token ${token}` });
    expect(answer.status).toBe(401);
  });

  it("reports permission and role for collaborators, none for strangers", async () => {
    const sandbox = createGitHubSandbox(sampleSeed());
    const roles: Record<string, [string, string]> = {};
    for (const user of ["alice", "bob", "carol", "mallory"]) {
      const answer = await call(sandbox, "GET", `/repos/acme/shop/collaborators/${user}/permission`);
      roles[user] = [answer.json.permission, answer.json.role_name];
    }
    expect(roles).toEqual({ alice: ["write", "maintain"], bob: ["read", "read"], carol: ["write", "write"], mallory: ["none", "none"] });
  });
});
