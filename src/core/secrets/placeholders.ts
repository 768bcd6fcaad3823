/**
 * Values that sit where a secret would but are not one: placeholders, references to the environment or a
 * secret store, documented examples. Checked after a rule matched, so the cost is per candidate, not per byte.
 */

/** A reference to where the secret really lives: `${VAR}`, `{{ secrets.X }}`, `process.env.X`, `os.environ[...]`. */
const REFERENCE = /\$\{|\{\{|%\(|^\$[A-Z_]{2,}|process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|env\(|secrets\./i;

/** Words people type instead of a secret. Matched anywhere in the value, case-insensitive. */
const PLACEHOLDER_WORDS =
  /your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password|pass)|my[_-]?(?:api[_-]?)?(?:key|token|secret|password)|change[_-]?me|changeit|replace[_-]?(?:me|this|with)|placeholder|example|dummy|redacted|insert[_-]?|fill[_-]?in|xxxx|\*\*\*|\.\.\.|<[^>]{0,40}>|todo|not[_-]?a[_-]?real|fake|sample|foobar|lorem/i;

/** The keys AWS and others print in their documentation. */
const DOCUMENTED = new Set(["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"]);

/** Whole values that are a default or a word, never a real credential: `password`, `guest`, `postgres`. */
const PLACEHOLDER_VALUES = new Set(
  ["password", "passwd", "pass", "secret", "token", "admin", "root", "test", "guest", "user", "username", "postgres", "mysql", "redis", "rabbitmq", "example", "none", "null", "undefined", "empty", "default", "mysecretpassword", "secret123", "password123"],
);

/** A whole value that is one repeated character, or only punctuation: `xxxxxxxx`, `********`, `--------`. */
const FILLER = /^(.)\1*$|^[^A-Za-z0-9]*$/;

export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

export function isPlaceholder(value: string): boolean {
  return DOCUMENTED.has(value) || PLACEHOLDER_VALUES.has(value.toLowerCase()) || FILLER.test(value) || PLACEHOLDER_WORDS.test(value) || isReference(value);
}

/** Lowercase hex of a common digest length: a hash or a git SHA, not a credential, unless the name says so. */
export function looksLikeHash(value: string): boolean {
  return /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/.test(value);
}

export function looksLikeUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** How many of lowercase, uppercase, digits and symbols occur: random secrets mix at least two. */
export function characterClasses(value: string): number {
  return Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value)) + Number(/[^A-Za-z0-9]/.test(value));
}
