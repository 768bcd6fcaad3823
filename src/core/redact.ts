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
    if (secret.value.length > KNOWN_PREFIX_CHARS) text = maskCutPrefixes(text, secret.value, secret.provider);
  }
  const spans = findSecretSpans(text);
  if (spans.length > 0) {
    let result = "";
    let cursor = 0;
    for (const span of spans) {
      if (span.start < cursor) continue; // overlapping patterns: the first one already covers it
      result += text.slice(cursor, span.start) + maskSecret(span.value, span.provider);
      cursor = span.end;
    }
    text = result + text.slice(cursor);
  }
  return text.includes("PRIVATE KEY") ? text.replace(UNTERMINATED_PRIVATE_KEY, (block) => maskSecret(block, "private key")) : text;
}

/** A known secret's first this many characters, or more, cut off there, are masked. */
const KNOWN_PREFIX_CHARS = 8;

/** Where a text was cut short: an ellipsis, or its end. */
const CUT_MARK = /^(?:\.\.\.|…|$)/;

/**
 * A text cut short somewhere else (a message's capture, a shortened line) can hold a known secret's beginning
 * without its end, which neither the whole value nor its pattern matches any more. Only a beginning that runs
 * into the cut is masked: a secret that starts with a common word (`postgres://…`) leaves the word alone.
 */
function maskCutPrefixes(text: string, value: string, provider: string): string {
  const head = value.slice(0, KNOWN_PREFIX_CHARS);
  let result = "";
  let cursor = 0;
  for (let from = text.indexOf(head); from >= 0; from = text.indexOf(head, from + 1)) {
    if (from < cursor) continue; // inside a beginning already masked
    let end = from + KNOWN_PREFIX_CHARS;
    while (end < text.length && end - from < value.length && text[end] === value[end - from]) end++;
    if (!CUT_MARK.test(text.slice(end, end + 3))) continue;
    result += text.slice(cursor, from) + maskSecret(value, provider);
    cursor = end;
  }
  return cursor === 0 ? text : result + text.slice(cursor);
}

/**
 * A private key's armour with base64 lines after it but no END line: the detector needs the whole block, so
 * a text cut short (a message, a shortened match) would otherwise keep the key's first lines. The body may sit
 * in a string (`\n` escapes, quotes) or a shell line (`\` continuations). The armour alone is no secret and stays.
 */
const UNTERMINATED_PRIVATE_KEY = /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----(?:(?:[\s"'`+,]|\\n?)+[A-Za-z0-9+/=]{8,})+/g;
