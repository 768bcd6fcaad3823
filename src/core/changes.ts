/**
 * What a pull request changed, in the platform-neutral shape the scan core takes.
 * Produced by `parseUnifiedDiff` (CLI, tests) or by the GitHub reader (service).
 */

export type ChangeStatus = "added" | "modified" | "renamed" | "deleted";

export interface ChangedFile {
  path: string;
  /** Set for renames. */
  oldPath?: string;
  status: ChangeStatus;
  /** 1-based line numbers in the new file that the change added. */
  addedLines: number[];
  /**
   * The new side of each hunk: context and added lines at their new-file line numbers.
   * Used to rebuild a sparse file when the full text is not available.
   */
  hunks: Array<{
    newStart: number;
    lines: string[];
    /**
     * The old side of the hunk: context and removed lines from `oldStart` on (old-file line numbers). Lets an
     * analyzer see what the base had where the PR changed it: the version a dependency had before, a removed check.
     */
    oldStart?: number;
    oldLines?: string[];
  }>;
  /** The whole new file, when the caller could read it (CLI `--root`, service at the head SHA). */
  newText?: string;
  /** Old and new file modes, when the diff says the mode changed. */
  modeChange?: { from: string; to: string };
}

export type ScanNoteKind = "binary" | "opaque-binary" | "too-large" | "not-utf8" | "unparseable" | "skipped" | "deleted" | "config";

/** Something the scan did not (fully) look at, and why. Surfaced in every output so nothing is silently passed. */
export interface ScanNote {
  path?: string;
  kind: ScanNoteKind;
  message: string;
}

/** What the repository says about itself, read from the BASE commit (never the PR's own copy). */
export interface RepositoryContext {
  /** The text of the repository's AGENTS.md: out-of-scope paths, test and lint commands, PR title convention. */
  agentsMd?: string;
}

export interface ChangeSet {
  files: ChangedFile[];
  notes: ScanNote[];
  /** Optional: the service reads AGENTS.md at the base commit, the CLI from `--root`. */
  context?: RepositoryContext;
}
