/**
 * Generic assignments: a secret-sounding name (`password`, `client_secret`, `apiToken`, ...) given a literal
 * that looks random. No token format to lean on, so these rules carry the entropy floor and the filters for
 * hashes, UUIDs, words and identifiers (see `acceptGenericValue`), and skip lockfiles and minified code.
 */
import { characterClasses, looksLikeHash, looksLikeUuid } from "../placeholders.js";
import type { SecretRule } from "./types.js";

/** The word that makes an assignment interesting, anywhere in the name (`dbPassword`, `CLIENT_SECRET`). */
const SECRET_WORD = String.raw`(?:password|passwd|passphrase|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key|credentials?)`;

/** Names that mention a secret but hold something else: its length, URL, header name, hash, id. */
const NOT_A_SECRET_NAME =
  /(?:url|uri|path|file|dir|name|type|header|prefix|suffix|field|length|len|size|ttl|expiry|expires|expiration|endpoint|env|var|id|ids|hash|hashed|sha\d*|digest|checksum|count|regex|pattern|policy|format|mode|enabled|required|min|max|label|placeholder|hint|message|msg|error|kind|storage|cookie|param|query|input|selector|icon|route|event|action|version|scope|scopes|usage|limit|timeout|location|provider|service|method|alphabet|charset|chars|strings)$|tokeniz|^(?:is|has|use|should|show)[A-Z_]|_(?:url|path|file|name)_/i;

/** Dotted or snake/kebab words, camelCase and CONSTANT_CASE: identifiers and message keys, not secrets. */
const IDENTIFIER_LIKE = /^(?:[A-Za-z][a-z]*(?:[_.\-:/][A-Za-z][a-z]*)+|[a-z]+(?:[A-Z][a-z]+)+|[A-Z]+(?:_[A-Z]+)+)$/;

const HAS_SECRET_WORD = new RegExp(SECRET_WORD, "i");

/** The quoted-assignment regex matches any name (a simpler automaton, provably linear); the word is checked here. */
export function acceptGenericName(name: string): boolean {
  return HAS_SECRET_WORD.test(name) && !NOT_A_SECRET_NAME.test(name);
}

export function acceptGenericValue(value: string): boolean {
  if (looksLikeUuid(value) || IDENTIFIER_LIKE.test(value)) return false;
  if (/^(?:data:|https?:|file:|\.{0,2}\/|[a-z]+:\/\/)/i.test(value)) return false;
  if (/%[sd]|\{\d*\}|\$\d/.test(value)) return false; // a format string
  if (/^sha(?:1|256|384|512)-/.test(value)) return false; // an SRI integrity string
  if (/\[[^\]]{1,40}\]|\(\?|\\[dswbDSWB]/.test(value)) return false; // a regular expression
  if (/ABCDEFG|abcdefg|0123456|1234567/.test(value)) return false; // an alphabet or a counting sequence
  if (characterClasses(value) < 2 && !looksLikeHash(value)) return false;
  return true;
}

const CONFIG_FILE = /(?:^|\/)\.env(?:\.[^/]*)?$|\.(?:env|ya?ml|properties|ini|cfg|conf|toml|tfvars)$|(?:^|\/)(?:\.npmrc|\.pypirc|\.netrc)$/;

export const genericRules: SecretRule[] = [
  {
    id: "generic-secret-assignment",
    acceptName: acceptGenericName,
    provider: "generic",
    kind: "hardcoded secret",
    description: "A secret-sounding name assigned a quoted, high-entropy literal.",
    keywords: ["pass", "pwd", "secret", "token", "key", "credential"],
    regex: new RegExp(
      String.raw`(?<![A-Za-z0-9_.$-])(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,80})["']?\]?[ \t]{0,5}(?::=|=>|\?\?=|\|\|=|[:=])[ \t]{0,5}(?:[rbuf]{1,2})?["'\x60](?<secret>[^"'\x60\s\\]{8,200})["'\x60]`,
      "dgi",
    ),
    minEntropy: 3,
    severity: "high",
    confidence: "medium",
    envVar: "APP_SECRET",
    generic: true,
    broad: true,
    samples: {
      match: [
        { value: (g) => g.password(20), text: (v) => `const dbPassword = "${v}";` },
        { value: (g) => g.alnum(32), text: (v) => `CLIENT_SECRET = '${v}'`, path: "app/settings.py" },
        { value: (g) => g.hex(40), text: (v) => `  "apiToken": "${v}",`, path: "config/prod.json" },
        { value: (g) => g.base64(44), text: (v) => `jwt_signing_key: "${v}"`, path: "config/app.yaml" },
        { value: (g) => g.alnum(24), text: (v) => `$config['smtp_password'] = "${v}";`, path: "config.php" },
        { value: (g) => g.password(16), text: (v) => `conn, err := sql.Open("mysql", dsn); password := "${v}"`, path: "db.go" },
        { value: (g) => g.alnum(30), text: (v) => `private static final String API_KEY = "${v}";`, path: "src/test/java/ClientTest.java" },
      ],
      noMatch: [
        { text: 'const password = "YOUR_PASSWORD_HERE";', reason: "a placeholder" },
        { text: 'const apiKey = "changeme";', reason: "a placeholder" },
        { text: 'token = "<token>"', reason: "a placeholder in angle brackets" },
        { text: "const secret = `${process.env.APP_SECRET}`;", reason: "a reference to the environment" },
        { text: 'api_key = os.environ["API_KEY"]', reason: "read from the environment", path: "app.py" },
        { text: "password: ${{ secrets.DB_PASSWORD }}", reason: "a GitHub Actions secret reference", path: ".github/workflows/ci.yml" },
        { text: 'const tokenUrl = "https://auth.example.com/oauth/token";', reason: "the name says URL and the value is a URL" },
        { text: 'const PASSWORD_FIELD = "passwordConfirmation";', reason: "a field name, not a secret" },
        { text: 'const passwordError = "errors.password.too_short";', reason: "a message key" },
        { text: 'secretName: "prod-db-credentials"', reason: "the name of a secret in a store, not its value", path: "k8s/deploy.yaml" },
        { text: (g) => `const token_id = "${g.uuid()}";`, reason: "a UUID identifier" },
        { text: (g) => `const secretHash = "${g.hex(64)}";`, reason: "a hash, named as one" },
        { text: (g) => `"integrity": "sha512-${g.base64(86)}==",`, reason: "a lockfile integrity string", path: "package-lock.json" },
        { text: (g) => `  resolved "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz#${g.hex(40)}"\n  integrity sha1-${g.base64(27)}=`, reason: "a lockfile", path: "yarn.lock" },
        { text: (g) => `const avatar = { token: "data:image/png;base64,${g.base64(120)}" };`, reason: "an inline image" },
        { text: (g) => `!function(e){var t={apiToken:"${g.alnum(32)}"};${"e.x=1;".repeat(200)}}();`, reason: "minified code (a bundle, not source)", path: "public/vendor/lib.min.js" },
        { text: 'const GITHUB_TOKEN_ENV = "GITHUB_TOKEN";', reason: "the name of an environment variable" },
        { text: 'const PASSWORD_MIN_LENGTH = "12";', reason: "a setting about passwords" },
      ],
    },
  },
  {
    id: "generic-secret-config",
    acceptName: acceptGenericName,
    provider: "generic",
    kind: "hardcoded secret",
    description: "A secret-sounding key given an unquoted, high-entropy value in a config file (.env, YAML, INI, properties, TOML).",
    keywords: ["pass", "pwd", "secret", "token", "key", "credential"],
    regex: new RegExp(String.raw`^[ \t]{0,40}(?:export[ \t]{1,5})?(?<name>[A-Za-z0-9_.-]{0,40}?${SECRET_WORD}[A-Za-z0-9_.-]{0,40})[ \t]{0,5}[:=][ \t]{0,5}(?<secret>[^\s"'\x60#]{8,200})[ \t]*$`, "dgim"),
    minEntropy: 3,
    severity: "high",
    confidence: "medium",
    envVar: "APP_SECRET",
    generic: true,
    broad: true,
    paths: CONFIG_FILE,
    samples: {
      match: [
        { value: (g) => g.password(20), text: (v) => `DB_PASSWORD=${v}`, path: ".env" },
        { value: (g) => g.alnum(40), text: (v) => `  client_secret: ${v}`, path: "config/oauth.yml" },
        { value: (g) => g.alnum(32), text: (v) => `app.jwt.secret=${v}`, path: "src/main/resources/application.properties" },
      ],
      noMatch: [
        { text: "DB_PASSWORD=${DB_PASSWORD}", reason: "a reference to the environment", path: ".env" },
        { text: "DB_PASSWORD=changeme", reason: "a placeholder", path: ".env.example" },
        { text: "  password: !vault |", reason: "an encrypted Ansible vault value follows", path: "group_vars/all.yml" },
        { text: (g) => `passwordHash: ${g.hex(64)}`, reason: "a hash, named as one", path: "config/users.yml" },
        { text: "  tokenEndpoint: auth.example.com/token", reason: "an endpoint", path: "config/oauth.yml" },
      ],
    },
  },
];
