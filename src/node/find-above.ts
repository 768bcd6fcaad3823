/**
 * Gatehouse's own files (grammars/, the scan worker, the evaluation's peer configs) are found by walking up from
 * the running module, so the same code works from src/ (tests) and from dist/ (the bundles, installed or not).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The first `<dir>/<relative>` that exists, for `dir` from `start` up to the filesystem root. */
export function findAbove(start: string, relative: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
