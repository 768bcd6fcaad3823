/**
 * One tool under evaluation (Gatehouse or a peer): set up once, then asked for its findings on each corpus PR,
 * already mapped onto Gatehouse's categories. Findings in no category are counted apart as `unmapped`.
 */
import type { CorpusPr } from "./corpus.js";
import type { ScoredFinding } from "./match.js";

export interface ToolRun {
  findings: ScoredFinding[];
  /** Reports the tool made that map to no category (style checks, a rule with no security meaning here). */
  unmapped: number;
  /** Files the tool could not read (a parse error on a sparse hunk, for example). */
  errors: string[];
}

export interface EvalTool {
  name: string;
  /** The categories this tool can report at all; it is scored only there. Undefined: every category. */
  plays?: ReadonlySet<ScoredFinding["category"]>;
  /**
   * The files the tool reads at all (ESLint: JS/TS; dockerfilelint: Dockerfiles). Labels in other files are left
   * out of its score rather than counted as misses, so a peer is judged on what it could have seen.
   */
  reads?: (path: string) => boolean;
  run(pr: CorpusPr): Promise<ToolRun>;
}
