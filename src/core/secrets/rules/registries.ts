/** Package-registry publish tokens: npm, PyPI, Docker Hub, RubyGems. A leaked one lets anyone publish as you. */
import { hasBase62Crc32Suffix, withBase62Crc32Suffix } from "../checksum.js";
import type { SecretRule } from "./types.js";

export const registryRules: SecretRule[] = [
  {
    id: "npm-access-token",
    provider: "npm",
    kind: "access token",
    description: "An npm access token (`npm_`), checked against its CRC-32 suffix.",
    keywords: ["npm_"],
    regex: /\b(?<secret>npm_[A-Za-z0-9]{36})\b/dg,
    verify: hasBase62Crc32Suffix,
    severity: "critical",
    confidence: "medium",
    envVar: "NPM_TOKEN",
    samples: {
      match: [
        { value: (g) => withBase62Crc32Suffix("npm_", g.alnum(30)) },
        { value: (g) => withBase62Crc32Suffix("npm_", g.alnum(30)), text: (v) => `//registry.npmjs.org/:_authToken=${v}`, path: "packages/app/.npmrc" },
      ],
      noMatch: [
        { text: (g) => `const t = "${withBase62Crc32Suffix("npm_", g.alnum(30)).slice(0, -6)}ZZZZZZ";`, reason: "the CRC-32 suffix does not match: not a token npm issued" },
        { text: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}", reason: "a reference to the environment", path: ".npmrc" },
      ],
    },
  },
  {
    id: "npmrc-auth-token",
    provider: "npm",
    kind: "registry auth token",
    description: "A literal `_authToken` (or `_auth`/`_password`) in an npm or Yarn config.",
    keywords: ["_authtoken", "_auth", "_password", "npmauthtoken"],
    regex: /(?<![A-Za-z0-9_=+/.-])(?<name>_authToken|_auth|_password|npmAuthToken)\s{0,3}[=:]\s{0,3}["']?(?<secret>[A-Za-z0-9+/_.-]{16,512}={0,2})/dgi,
    minEntropy: 3,
    severity: "critical",
    confidence: "high",
    envVar: "NPM_TOKEN",
    samples: {
      match: [
        { value: (g) => g.uuid(), text: (v) => `//npm.pkg.github.com/:_authToken=${v}`, path: ".npmrc" },
        { value: (g) => g.base64(40), text: (v) => `npmAuthToken: "${v}"`, path: ".yarnrc.yml" },
      ],
      noMatch: [
        { text: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}", reason: "a reference to the environment", path: ".npmrc" },
        { text: 'npmAuthToken: "${NPM_AUTH_TOKEN}"', reason: "a reference to the environment", path: ".yarnrc.yml" },
      ],
    },
  },
  {
    id: "pypi-token",
    provider: "PyPI",
    kind: "upload token",
    description: "A PyPI or TestPyPI API token (a macaroon starting `pypi-AgEIcHlwaS5vcmc` / `pypi-AgENdGVzdC5weXBpLm9yZw`).",
    keywords: ["pypi-ag"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})(?![A-Za-z0-9_-])/dg,
    minEntropy: 4,
    severity: "critical",
    confidence: "high",
    envVar: "PYPI_API_TOKEN",
    samples: {
      match: [{ value: (g) => "pypi-AgEIcHlwaS5vcmc" + g.base64url(160), text: (v) => `[pypi]\nusername = __token__\npassword = ${v}`, path: ".pypirc" }],
      noMatch: [{ text: "password = pypi-AgEIcHlwaS5vcmc...", reason: "an elided token", path: ".pypirc" }],
    },
  },
  {
    id: "docker-hub-token",
    provider: "Docker Hub",
    kind: "access token",
    description: "A Docker Hub personal or organization access token (`dckr_pat_`, `dckr_oat_`).",
    keywords: ["dckr_"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32})(?![A-Za-z0-9_-])/dg,
    minEntropy: 3.5,
    severity: "high",
    confidence: "high",
    envVar: "DOCKERHUB_TOKEN",
    samples: {
      match: [{ value: (g) => "dckr_pat_" + g.base64url(27), text: (v) => `echo "${v}" | docker login -u acme --password-stdin`, path: "scripts/release.sh" }],
      noMatch: [{ text: "echo \"$DOCKERHUB_TOKEN\" | docker login -u acme --password-stdin", reason: "read from the environment", path: "scripts/release.sh" }],
    },
  },
  {
    id: "rubygems-api-key",
    provider: "RubyGems",
    kind: "API key",
    description: "A RubyGems.org API key (`rubygems_`).",
    keywords: ["rubygems_"],
    regex: /\b(?<secret>rubygems_[a-f0-9]{48})\b/dg,
    minEntropy: 3.2,
    severity: "high",
    confidence: "high",
    envVar: "GEM_HOST_API_KEY",
    samples: {
      match: [{ value: (g) => "rubygems_" + g.hex(48), text: (v) => `:rubygems_api_key: ${v}`, path: "deploy/credentials.yml" }],
      noMatch: [{ text: ":rubygems_api_key: <%= ENV['GEM_HOST_API_KEY'] %>", reason: "read from the environment" }],
    },
  },
];
