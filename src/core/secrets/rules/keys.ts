/** Private keys in PEM, OpenSSH and PGP armour. Public keys and certificates are meant to be shared. */
import type { SampleGen } from "../sample-gen.js";
import type { SecretRule } from "./types.js";

/** A PEM body: 64-character base64 lines, as every tool writes them. */
export function pemBody(g: SampleGen, lines = 6): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(g.base64(64));
  return body.join("\n") + "\n" + g.base64(20) + "==";
}

const pem = (label: string) => (g: SampleGen) => `-----BEGIN ${label}-----\n${pemBody(g)}\n-----END ${label}-----`;

export const keyRules: SecretRule[] = [
  {
    id: "private-key",
    provider: "private key",
    kind: "private key",
    description: "A PEM, OpenSSH or PGP private key block with its key material.",
    keywords: ["private key"],
    // The body excludes `-`, so it ends exactly at the END line: no backtracking, linear in the input.
    regex:
      /(?<secret>-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----(?:\s{1,2}Proc-Type: 4,ENCRYPTED\s{1,2}DEK-Info: [A-Z0-9,-]{1,80})?[^-]{64,}-----END[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----)/dg,
    minEntropy: 4,
    multiline: true,
    severity: "critical",
    confidence: "high",
    envVar: "PRIVATE_KEY",
    samples: {
      match: [
        { value: pem("RSA PRIVATE KEY"), path: "deploy/README.md", text: (v) => `Use this key for staging:\n\n${v}\n` },
        { value: pem("OPENSSH PRIVATE KEY"), text: (v) => `const key = \`${v}\`;` },
        { value: pem("EC PRIVATE KEY"), text: (v) => `TLS_KEY = <<~PEM\n${v}\nPEM`, path: "config/tls.rb" },
        { value: pem("PRIVATE KEY"), text: (v) => `cat > key.pem <<'EOF'\n${v}\nEOF`, path: "test/fixtures/tls/setup.sh" },
        { value: (g) => `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${pemBody(g, 10)}\n-----END PGP PRIVATE KEY BLOCK-----`, text: (v) => v, path: "docs/release-signing.md" },
      ],
      noMatch: [
        { text: pem("PUBLIC KEY"), reason: "a public key is meant to be shared" },
        { text: pem("CERTIFICATE"), reason: "a certificate is public" },
        { text: (g) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${g.base64(43)} deploy@ci`, reason: "an OpenSSH public key" },
        { text: 'const key = "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----";', reason: "an elided key in documentation" },
        { text: "if (pem.startsWith('-----BEGIN RSA PRIVATE KEY-----')) return 'pkcs1';", reason: "only the header, in code that parses keys" },
      ],
    },
  },
];
