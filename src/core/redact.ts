/**
 * The one redaction function. Every output (CLI text/JSON/SARIF, check runs, PR comments, fix prompts, logs)
 * passes user-visible text through `redactSecrets`, so a detected secret is never printed anywhere.
 */
import { findSecretSpans } from "./secrets/detect.js";
// Loading the rule data registers every secret pattern, so redaction knows all of them wherever it is used.
import "./secrets/rules/index.js";

/** Provider, the first few characters and the length: enough to find and rotate the key, not enough to use it. */
export function maskSecret(value: string, provider: string): string {
  const shown = value.length >= 16 ? value.slice(0, 4) : "";
  return `${shown}…[redacted ${provider} secret, ${value.length} chars]`;
}

/** Masks every secret the detectors recognise in `text`, plus the `known` values (found with context elsewhere). */
export function redactSecrets(text: string, known: ReadonlyArray<{ value: string; provider: string }> = []): string {
  for (const secret of known) {
    if (secret.value.length > 0) text = text.split(secret.value).join(maskSecret(secret.value, secret.provider));
  }
  const spans = findSecretSpans(text);
  if (spans.length === 0) return text;
  let result = "";
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue; // overlapping patterns: the first one already covers it
    result += text.slice(cursor, span.start) + maskSecret(span.value, span.provider);
    cursor = span.end;
  }
  return result + text.slice(cursor);
}
