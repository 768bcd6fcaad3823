/**
 * A secret rule is data, gitleaks-style: a cheap keyword pre-check, a linear-time regex, an optional entropy
 * floor and checksum, and its own samples. `test/core/secrets-rules.test.ts` runs every rule against its
 * samples and every regex through a ReDoS checker.
 */
import type { Severity } from "../../finding.js";
import type { SampleGen } from "../sample-gen.js";
import type { SecretPattern } from "../detect.js";

export interface MatchSample {
  /** The secret value, generated at test time in the token's alphabet. */
  value: (gen: SampleGen) => string;
  /** The line(s) around it; default `const credential = "<value>";`. */
  text?: (value: string) => string;
  /** Path the sample is scanned at; default `src/config.ts`. */
  path?: string;
}

export interface NoMatchSample {
  text: string | ((gen: SampleGen) => string);
  /** Why this must not be reported: the false positive it guards against. */
  reason: string;
  path?: string;
}

export interface SecretRule extends SecretPattern {
  /** What the credential is, for messages: "personal access token". */
  kind: string;
  description: string;
  severity: Severity;
  /** Without a checksum to prove it; a passing `verify` raises it to high. */
  confidence: "high" | "medium" | "low";
  /** The environment variable the fix suggests reading it from. */
  envVar: string;
  /** Generic rules match on a name, not a token format: they skip lockfiles, minified code and hash-like values. */
  generic?: boolean;
  /** Matches by shape or name rather than a provider's token format: loses to a provider rule on the same span. */
  broad?: boolean;
  /** A structural check beyond the regex (a JWT that decodes to claims); false drops the match. */
  accept?: (value: string) => boolean;
  /** Matches can span lines (a PEM block): scanned over whole runs of added lines, not line-cut blocks. */
  multiline?: boolean;
  /** Only scan files whose path matches (config-like files for unquoted assignments). */
  paths?: RegExp;
  samples: { match: MatchSample[]; noMatch: NoMatchSample[] };
}

/** `name = "value"`, `name: 'value'`, `"name": "value"`, `name := "value"`, `name => "value"`: the separator part. */
export const ASSIGN = String.raw`["']?[ \t]{0,5}(?::=|=>|[:=])[ \t]{0,5}`;
