/**
 * Runs Gatehouse (and, on request, the peers) over the corpus and scores each with the same matching. Tools run
 * one after another, never interleaved, so each wall time is that tool's alone: setup (imports, grammar and rule
 * compilation) plus every PR.
 */
import { CATEGORIES, type Category } from "../core/finding.js";
import type { CorpusPr } from "./corpus.js";
import { gatehouseTool, type PolicyFinding } from "./gatehouse-tool.js";
import { matchFindings } from "./match.js";
import { dockerfilelintPeer } from "./peers/dockerfilelint.js";
import { eslintPeer } from "./peers/eslint.js";
import { secretlintPeer } from "./peers/secretlint.js";
import { scoreTool, type PrMatch, type ToolScore } from "./score.js";
import type { EvalTool } from "./tool.js";

export interface ToolReport {
  name: string;
  /** Categories the tool is scored in. */
  plays: Category[];
  score: ToolScore;
  setupMs: number;
  scanMs: number;
  wallMs: number;
  unmapped: number;
  errors: string[];
  /** The five PRs that took this tool longest, to find what a wall time is made of. */
  slowest: Array<{ prId: string; ms: number }>;
}

export interface CorpusSummary {
  prs: number;
  clean: number;
  expectedByCategory: Partial<Record<Category, number>>;
}

export interface EvalReport {
  corpus: CorpusSummary;
  warnings: string[];
  tools: ToolReport[];
  /**
   * ESLint peer time ÷ Gatehouse time on the same corpus (above 1: Gatehouse is faster). `cold` is the scored
   * pass, setup included (imports, grammar and query compilation), in which Gatehouse scans every file and ESLint
   * its JS/TS files; `warm` is the best of three further passes on the JS/TS files alone (sameInputAs) with every
   * cache hot, the steady state of a long-lived Worker or a watch loop.
   */
  speedRatio: { versus: string; cold: number; warm: number; gatehouseWarmMs: number; versusWarmMs: number } | null;
  unrecordedRegistryRequests: string[];
  /** PRs Gatehouse scanned offline (no registry client) because a look-up they needed has no recording. */
  offlinePrs: string[];
  /** Gatehouse's agent-config findings: a path policy, listed but not scored. */
  policyFindings: PolicyFinding[];
}

export interface EvaluateOptions {
  corpusDir: string;
  registryRecordings: string;
  peers?: boolean;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function runTool(tool: EvalTool, setupMs: number, corpus: readonly CorpusPr[]): Promise<ToolReport> {
  const matches: PrMatch[] = [];
  let unmapped = 0;
  const errors: string[] = [];
  let scanMs = 0;
  const times: Array<{ prId: string; ms: number }> = [];
  for (const pr of corpus) {
    const { value: run, ms } = await timed(() => tool.run(pr));
    scanMs += ms;
    times.push({ prId: pr.id, ms: Math.round(ms) });
    unmapped += run.unmapped;
    errors.push(...run.errors.map((e) => (e.startsWith(pr.id) ? e : `${pr.id}: ${e}`)));
    const labels = tool.reads ? pr.labels.expected.filter((label) => tool.reads?.(label.path)) : pr.labels.expected;
    matches.push({ prId: pr.id, match: matchFindings(run.findings, labels) });
  }
  return {
    name: tool.name,
    plays: tool.plays ? CATEGORIES.filter((c) => tool.plays?.has(c)) : [...CATEGORIES],
    score: scoreTool(matches, tool.plays),
    setupMs,
    scanMs,
    wallMs: setupMs + scanMs,
    unmapped,
    errors,
    slowest: times.sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}

const WARM_PASSES = 3;

/**
 * The PRs with only the files a peer reads (ESLint: JS/TS): the same input for both sides of a speed ratio.
 * Gatehouse's scored pass scans every file of a PR (manifests, Dockerfiles, workflows), which is more work than
 * a peer that reads a tenth of them.
 */
export function sameInputAs(peer: EvalTool, corpus: readonly CorpusPr[]): CorpusPr[] {
  const reads = peer.reads;
  if (!reads) return [...corpus];
  return corpus.map((pr) => ({ ...pr, changes: { ...pr.changes, files: pr.changes.files.filter((file) => reads(file.path)) } }));
}

/** A second, unscored pass: the time a tool takes once everything it compiles and caches is ready. */
async function timeAgain(tool: EvalTool, corpus: readonly CorpusPr[]): Promise<number> {
  const { ms } = await timed(async () => {
    for (const pr of corpus) await tool.run(pr);
  });
  return ms;
}

export function summarizeCorpus(corpus: readonly CorpusPr[]): CorpusSummary {
  const expectedByCategory: Partial<Record<Category, number>> = {};
  for (const pr of corpus) for (const label of pr.labels.expected) expectedByCategory[label.category] = (expectedByCategory[label.category] ?? 0) + 1;
  return { prs: corpus.length, clean: corpus.filter((pr) => pr.labels.expected.length === 0).length, expectedByCategory };
}

export async function evaluate(corpus: readonly CorpusPr[], options: EvaluateOptions): Promise<EvalReport> {
  const tools: ToolReport[] = [];
  const gatehouse = await timed(async () => gatehouseTool(options.registryRecordings));
  tools.push(await runTool(gatehouse.value, gatehouse.ms, corpus));

  let speedRatio: EvalReport["speedRatio"] = null;
  if (options.peers) {
    const eslint = await timed(() => eslintPeer(options.corpusDir));
    const eslintReport = await runTool(eslint.value, eslint.ms, corpus);
    tools.push(eslintReport);
    const secretlint = await timed(() => secretlintPeer());
    tools.push(await runTool(secretlint.value, secretlint.ms, corpus));
    const dockerfilelint = await timed(() => dockerfilelintPeer());
    tools.push(await runTool(dockerfilelint.value, dockerfilelint.ms, corpus));
    const ours = tools[0];
    if (ours) {
      // Interleaved passes, best of each: the least disturbed by whatever else the machine is doing.
      let gatehouseWarmMs = Infinity;
      let versusWarmMs = Infinity;
      const sameInput = sameInputAs(eslint.value, corpus);
      for (let pass = 0; pass < WARM_PASSES; pass++) {
        gatehouseWarmMs = Math.min(gatehouseWarmMs, await timeAgain(gatehouse.value, sameInput));
        versusWarmMs = Math.min(versusWarmMs, await timeAgain(eslint.value, sameInput));
      }
      speedRatio = { versus: eslintReport.name, cold: eslintReport.wallMs / ours.wallMs, warm: versusWarmMs / gatehouseWarmMs, gatehouseWarmMs, versusWarmMs };
    }
  }
  return {
    corpus: summarizeCorpus(corpus),
    warnings: corpus.flatMap((pr) => pr.warnings),
    tools,
    speedRatio,
    unrecordedRegistryRequests: gatehouse.value.unrecordedRequests(),
    offlinePrs: gatehouse.value.offlinePrs(),
    policyFindings: gatehouse.value.policyFindings(),
  };
}
