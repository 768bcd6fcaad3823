/**
 * Files that should never be committed, judged by path and (where the name alone is not enough) by one line
 * of content that proves it holds a credential. Reported once per file, with the specific reason.
 */
import type { Severity } from "../finding.js";
import { isPlaceholder } from "./placeholders.js";
import { pemBody } from "./rules/keys.js";
import type { SampleGen } from "./sample-gen.js";

export interface SecretFileRule {
  id: string;
  provider: string;
  /** Names the file for the message: "dotenv file". */
  kind: string;
  why: string;
  path: RegExp;
  exclude?: RegExp;
  /** Content that identifies the file when its name does not (a kubeconfig under any name). */
  content?: RegExp;
  /** A line proving a credential is in the file; group `secret` is the value. Absent: the name is enough. */
  evidence?: RegExp;
  severity: Severity;
  envVar: string;
  samples: {
    match: Array<{ path: string; text: (g: SampleGen) => string }>;
    noMatch: Array<{ path: string; text: string | ((g: SampleGen) => string); reason: string }>;
  };
}

export const SECRET_FILE_RULES: readonly SecretFileRule[] = [
  {
    id: "dotenv-file",
    provider: "dotenv",
    kind: "environment file",
    why: "`.env` files hold a deployment's real secrets; commit a `.env.example` with placeholders instead and add `.env` to `.gitignore`.",
    path: /(?:^|\/)\.env(?:\.[A-Za-z0-9_-]+)?$/,
    exclude: /\.(?:example|sample|template|tmpl|tpl|dist|defaults?|schema|skeleton)$/i,
    evidence: /^[ \t]{0,20}(?:export[ \t]{1,5})?(?<name>[A-Za-z_][A-Za-z0-9_]{0,80}(?:PASS|PWD|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|DSN|_URL)[A-Za-z0-9_]{0,40})[ \t]{0,5}=[ \t]{0,5}["']?(?<secret>[^\s"'#]{6,500})/im,
    severity: "high",
    envVar: "the deployment's secret store",
    samples: {
      match: [
        { path: ".env", text: (g) => `PORT=3000\nSTRIPE_SECRET=${g.alnum(32)}\n` },
        { path: "services/api/.env.production", text: (g) => `export DATABASE_URL=postgres://api:${g.alnum(20)}@db/api` },
      ],
      noMatch: [
        { path: ".env.example", text: "STRIPE_SECRET=sk_live_your_key_here", reason: "an example file for people to copy" },
        { path: ".env.sample", text: (g) => `API_TOKEN=${g.alnum(32)}`, reason: "a sample file, by convention without real values" },
        { path: ".env", text: "PORT=3000\nDEBUG=true\nAPI_TOKEN=${API_TOKEN}\n", reason: "no credential in it, only settings and references" },
        { path: "src/env.ts", text: "export const env = { API_TOKEN: process.env.API_TOKEN };", reason: "code that reads the environment" },
      ],
    },
  },
  {
    id: "ssh-private-key-file",
    provider: "SSH",
    kind: "SSH private key file",
    why: "An SSH private key logs in as its owner wherever the public half is authorised (servers, Git hosts, deploy keys).",
    path: /(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/,
    severity: "critical",
    envVar: "the CI secret store (e.g. an `SSH_PRIVATE_KEY` secret)",
    samples: {
      match: [{ path: "deploy/id_ed25519", text: (g) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody(g)}\n-----END OPENSSH PRIVATE KEY-----\n` }],
      noMatch: [{ path: "deploy/id_ed25519.pub", text: (g) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${g.base64(43)} deploy@ci`, reason: "the public half" }],
    },
  },
  {
    id: "private-key-file",
    provider: "private key",
    kind: "private key file",
    why: "A private key file lets whoever holds it impersonate the server, service or signer it belongs to.",
    path: /\.(?:pem|key|asc|ppk|gpg)$/i,
    evidence: /(?<secret>-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d)/,
    severity: "critical",
    envVar: "a secret store (mounted as a file at deploy time)",
    samples: {
      match: [{ path: "certs/server.key", text: (g) => `-----BEGIN PRIVATE KEY-----\n${pemBody(g)}\n-----END PRIVATE KEY-----\n` }],
      noMatch: [
        { path: "certs/server.pem", text: (g) => `-----BEGIN CERTIFICATE-----\n${pemBody(g)}\n-----END CERTIFICATE-----\n`, reason: "a certificate is public" },
        { path: "keys/release.asc", text: (g) => `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${pemBody(g)}\n-----END PGP PUBLIC KEY BLOCK-----\n`, reason: "a public key" },
      ],
    },
  },
  {
    id: "keystore-file",
    provider: "keystore",
    kind: "PKCS#12 / Java keystore",
    why: "A keystore bundles private keys; its password is usually weak or committed nearby.",
    path: /\.(?:p12|pfx|jks|keystore)$/i,
    severity: "high",
    envVar: "a secret store (mounted as a file at deploy time)",
    samples: {
      match: [{ path: "android/app/release.keystore", text: () => "binary" }, { path: "certs/client.p12", text: () => "binary" }],
      noMatch: [{ path: "docs/keystore.md", text: "How to create a keystore.", reason: "documentation about keystores" }],
    },
  },
  {
    id: "npmrc-credentials",
    provider: "npm",
    kind: "`.npmrc` with a literal auth token",
    why: "A registry token in `.npmrc` lets anyone publish packages as you.",
    path: /(?:^|\/)\.npmrc$/,
    evidence: /(?<name>_authToken|_auth|_password)\s{0,3}=\s{0,3}["']?(?<secret>[^\s"'$][^\s"']{7,})/,
    severity: "critical",
    envVar: "NPM_TOKEN (as `_authToken=${NPM_TOKEN}`)",
    samples: {
      match: [{ path: ".npmrc", text: (g) => `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${g.uuid()}\n` }],
      noMatch: [{ path: ".npmrc", text: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n", reason: "a reference to the environment" }],
    },
  },
  {
    id: "pypirc-credentials",
    provider: "PyPI",
    kind: "`.pypirc` with a password",
    why: "A `.pypirc` password or token lets anyone upload releases as you.",
    path: /(?:^|\/)\.pypirc$/,
    evidence: /^[ \t]{0,20}(?<name>password)[ \t]{0,5}[=:][ \t]{0,5}(?<secret>\S{4,})/m,
    severity: "critical",
    envVar: "TWINE_PASSWORD",
    samples: {
      match: [{ path: ".pypirc", text: (g) => `[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc${g.base64url(100)}\n` }],
      noMatch: [{ path: ".pypirc", text: "[pypi]\nusername = __token__\n", reason: "no password in it" }],
    },
  },
  {
    id: "kubeconfig-credentials",
    provider: "Kubernetes",
    kind: "kubeconfig with credentials",
    why: "A kubeconfig with a token or client key gives cluster access as that user.",
    path: /(?:^|\/)(?:kubeconfig[^/]*|\.kube\/config|[^/]*\.kubeconfig)$/i,
    content: /^kind:[ \t]{0,5}Config[ \t]*$/m,
    evidence: /^[ \t]{0,20}(?<name>token|client-key-data|password)[ \t]{0,5}:[ \t]{0,5}["']?(?<secret>[^\s"']{16,})/m,
    severity: "critical",
    envVar: "KUBECONFIG (pointing at a file from the secret store)",
    samples: {
      match: [
        { path: "ops/kubeconfig.yaml", text: (g) => `apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: ${g.base64url(40)}\n` },
        { path: "deploy/cluster.yml", text: (g) => `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: ${g.base64(120)}\n` },
      ],
      noMatch: [{ path: "ops/kubeconfig.yaml", text: "apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    exec:\n      command: aws\n", reason: "credentials come from an exec plugin" }],
    },
  },
  {
    id: "gcp-credentials-file",
    provider: "Google",
    kind: "service account credentials file",
    why: "A service-account JSON key acts as that service account in Google Cloud until it is deleted.",
    path: /(?:^|\/)(?:credentials|client_secrets?|service[-_]?account[^/]*|[^/]*-[0-9a-f]{12})\.json$/i,
    evidence: /"(?<name>private_key|client_secret)"\s{0,3}:\s{0,3}"(?<secret>[^"]{16,16384})"/,
    severity: "critical",
    envVar: "GOOGLE_APPLICATION_CREDENTIALS (pointing at a file from the secret store) or workload identity",
    samples: {
      match: [{ path: "credentials.json", text: (g) => `{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${g.base64(64)}\\n-----END PRIVATE KEY-----\\n"\n}` }],
      noMatch: [{ path: "test/credentials.json", text: '{ "type": "authorized_user", "quota_project_id": "demo" }', reason: "no key in it" }],
    },
  },
];

export interface FileFinding {
  rule: SecretFileRule;
  line: number;
  /** The credential on the evidence line, so every output can mask it. */
  secret?: { value: string; name?: string };
}

/** The one file-level finding for `path`, if any; `lines` are the file's lines, `added` the 1-based added ones. */
export function checkSecretFile(path: string, lines: readonly string[], added: ReadonlySet<number>): FileFinding | undefined {
  for (const rule of SECRET_FILE_RULES) {
    const byPath = rule.path.test(path) && !rule.exclude?.test(path);
    const byContent = !byPath && rule.content !== undefined && lines.some((line, i) => added.has(i + 1) && rule.content!.test(line));
    if (!byPath && !byContent) continue;
    if (!rule.evidence) {
      return { rule, line: Math.min(...added, lines.length > 0 ? lines.length : 1) };
    }
    for (let i = 0; i < lines.length; i++) {
      if (!added.has(i + 1)) continue;
      const match = rule.evidence.exec(lines[i] ?? "");
      const value = match?.groups?.secret;
      if (!match || value === undefined || isPlaceholder(value)) continue;
      // A header line ("-----BEGIN ... PRIVATE KEY-----") proves the file's kind; it is not itself the secret.
      const secret = rule.id === "private-key-file" ? undefined : { value, ...(match.groups?.name ? { name: match.groups.name } : {}) };
      return { rule, line: i + 1, ...(secret ? { secret } : {}) };
    }
  }
  return undefined;
}
