/**
 * The one table that says which Gatehouse category each peer rule reports in. A rule mapped to `null` has no
 * counterpart among our categories (a style check, a browser-only concern) and is counted as `unmapped`, never as
 * a false alarm: a peer is judged only on what it claims to find. Rules missing from the table fall back to the
 * tool's `default`. Change a mapping here and every score follows; nothing else in the evaluation knows rule ids.
 */
import type { Category } from "../core/finding.js";

export interface PeerMapping {
  /** The categories the tool is scored in: those some rule maps to. */
  rules: Record<string, Category | null>;
  default: Category | null;
}

export const PEER_MAPPING = {
  eslint: {
    default: null,
    rules: {
      // eslint-plugin-security
      "security/detect-child-process": "injection",
      "security/detect-eval-with-expression": "injection",
      "security/detect-non-literal-require": "injection",
      "security/detect-non-literal-fs-filename": "path-traversal",
      "security/detect-disable-mustache-escape": "injection",
      "security/detect-unsafe-regex": null, // ReDoS: no Gatehouse category
      "security/detect-non-literal-regexp": null,
      "security/detect-object-injection": null, // prototype pollution by bracket access: no category, and famously noisy
      "security/detect-possible-timing-attacks": null,
      "security/detect-pseudoRandomBytes": null,
      "security/detect-buffer-noassert": null,
      "security/detect-new-buffer": null,
      "security/detect-no-csrf-before-method-override": null,
      "security/detect-bidi-characters": null,
      "security/detect-invisible-characters": null,
      // @microsoft/eslint-plugin-sdl (and the core rules its recommended config turns on)
      "no-eval": "injection",
      "no-implied-eval": "injection",
      "no-new-func": "injection",
      "@microsoft/sdl/no-insecure-url": "tls", // plain http:// URLs: transport security, the closest category
      "@microsoft/sdl/no-inner-html": "injection",
      "@microsoft/sdl/no-html-method": "injection",
      "@microsoft/sdl/no-document-write": "injection",
      "@microsoft/sdl/no-msapp-exec-unsafe": "injection",
      "@microsoft/sdl/no-winjs-html-unsafe": "injection",
      "@microsoft/sdl/no-electron-node-integration": "injection",
      "@microsoft/sdl/no-angular-bypass-sanitizer": "injection",
      "@microsoft/sdl/no-angularjs-bypass-sce": "injection",
      "@microsoft/sdl/no-angularjs-enable-svg": "injection",
      "@microsoft/sdl/no-angularjs-sanitization-whitelist": "injection",
      "react/no-danger": "injection",
      "@microsoft/sdl/no-cookies": null,
      "@microsoft/sdl/no-document-domain": null,
      "@microsoft/sdl/no-postmessage-star-origin": null,
      "@microsoft/sdl/no-insecure-random": null,
      "@microsoft/sdl/no-unsafe-alloc": null,
      "react/jsx-no-target-blank": null,
      "react/iframe-missing-sandbox": null,
      "n/no-deprecated-api": null,
      "no-caller": null,
      "no-delete-var": null,
    },
  },
  // Every secretlint rule reports a credential.
  secretlint: { default: "secret", rules: {} },
  dockerfilelint: {
    default: null, // most of its checks are style (uppercase commands, apt flags)
    rules: {
      sudo_usage: "iac",
      latest_tag: "iac",
      missing_tag: "iac",
      expose_host_port: "iac",
    },
  },
} as const satisfies Record<string, PeerMapping>;

export type PeerName = keyof typeof PEER_MAPPING;

export function categoryFor(peer: PeerName, ruleId: string): Category | null {
  const mapping: PeerMapping = PEER_MAPPING[peer];
  return ruleId in mapping.rules ? (mapping.rules[ruleId] ?? null) : mapping.default;
}

export function categoriesOf(peer: PeerName): ReadonlySet<Category> {
  const mapping: PeerMapping = PEER_MAPPING[peer];
  const categories = Object.values(mapping.rules).filter((c): c is Category => c !== null);
  if (mapping.default) categories.push(mapping.default);
  return new Set(categories);
}
