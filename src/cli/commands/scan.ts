/**
 * `gatehouse scan [DIFF|-] [--root DIR] [--format text|json|sarif] [--fail-on SEVERITY] [--config FILE]`
 * Exit 0: nothing at or above the threshold; 1: something is (or the scan was incomplete); 2: usage or input error.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "../../core/zod.js";
import type { ChangeSet } from "../../core/changes.js";
import { CONFIG_PATH, DEFAULT_CONFIG, formatConfigProblem, parseConfig, type Config } from "../../core/config.js";
import { hunksMatch, oldSideText, parseUnifiedDiff, UnusableDiffError } from "../../core/diff.js";
import { scannedFiles, type ScanResult } from "../../core/scan.js";
import { SEVERITIES } from "../../core/finding.js";
import { gate } from "../../core/gate.js";
import { formatJson } from "../../core/report/json.js";
import { formatSarif } from "../../core/report/sarif.js";
import { formatText } from "../../core/report/text.js";
import { nodeGrammarLoader } from "../../node/grammars.js";
import { FileCache } from "../../node/file-cache.js";
import { defaultJobs, scanInParallel } from "../../node/parallel-scan.js";
import { tuneWasmTiering } from "../../node/wasm-tiering.js";
import { batchCollectorFor } from "../../node/batch-collector.js";
import { createRegistryClient } from "../../registry/index.js";
import { BUNDLED_RULES } from "../../rules.js";
import { EXIT, UsageError } from "../errors.js";
import { decode, readInput, write } from "../io.js";
import { redactSecrets } from "../../core/redact.js";

export const SCAN_HELP = `Usage: gatehouse scan [DIFF|-] [options]

Scans what a unified diff adds (git diff main | gatehouse scan) and reports security findings.

Options:
  --root DIR          read the full new files from this checkout (better context, same line numbers)
  --format FORMAT     text (default), json (an array of findings) or sarif (SARIF 2.1.0)
  --fail-on SEVERITY  exit 1 when a finding is at or above critical, high (default), medium or low
  --config FILE       a gatehouse.yml (default: .github/gatehouse.yml under --root or the current directory)
  --offline           skip registry look-ups (new packages are still checked for typosquats)
  --jobs N            threads for a large diff (default: the CPUs available, at most 4; 1 = no threads)
  --no-color          plain text even on a terminal
  -h, --help          this help

Exit codes: 0 nothing at or above the threshold, 1 findings at or above it (or part of the diff could
not be scanned), 2 usage or input error.
`;

const flagsSchema = z.object({
  format: z._default(z.enum(["text", "json", "sarif"], { error: (issue) => `--format must be text, json or sarif (got \`${String(issue.input)}\`)` }), "text"),
  "fail-on": z.optional(z.enum(SEVERITIES, { error: (issue) => `--fail-on must be critical, high, medium or low (got \`${String(issue.input)}\`)` })),
  root: z.optional(z.string()),
  config: z.optional(z.string()),
  "no-color": z.optional(z.boolean()),
  offline: z.optional(z.boolean()),
  // Checked as the text typed, so the message quotes it (`abc`, not the `NaN` it coerces to).
  jobs: z.optional(
    z.pipe(
      z.string().check(z.regex(/^(?:[1-9]|[1-5]\d|6[0-4])$/, { error: (issue) => `--jobs must be a whole number from 1 to 64 (got \`${String(issue.input)}\`)` })),
      z.coerce.number(),
    ),
  ),
  help: z.optional(z.boolean()),
});

export interface ScanCommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export async function runScan(argv: string[], io: ScanCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        "fail-on": { type: "string" },
        root: { type: "string" },
        config: { type: "string" },
        "no-color": { type: "boolean" },
        offline: { type: "boolean" },
        jobs: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split("\n")[0] : String(error)}; run \`gatehouse scan --help\``);
  }
  const flagsResult = flagsSchema.safeParse(parsed.values);
  if (!flagsResult.success) throw new UsageError(flagsResult.error.issues[0]?.message ?? "invalid options");
  const flags = flagsResult.data;
  if (flags.help) {
    await write(io.stdout, SCAN_HELP);
    return EXIT.clean;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`scan takes one diff file or - for stdin (got ${parsed.positionals.length}: ${parsed.positionals.join(" ")})`);
  const source = parsed.positionals[0];
  if (source === undefined && process.stdin.isTTY) throw new UsageError("no diff given: pipe one in (git diff main | gatehouse scan) or name a file");
  if (flags.root !== undefined && !existsSync(flags.root)) throw new UsageError(`--root ${flags.root}: no such directory`);

  // The config is read first from an explicit --config, so a broken one is reported before a long read.
  const explicitConfig = flags.config !== undefined ? await loadExplicitConfig(flags.config) : undefined;

  let bytes: Buffer;
  try {
    bytes = await readInput(source);
  } catch (error) {
    throw new UsageError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let changes: ChangeSet;
  try {
    changes = parseUnifiedDiff(decode(bytes));
  } catch (error) {
    if (error instanceof UnusableDiffError) throw new UsageError(`${source && source !== "-" ? source : "stdin"}: ${error.message}`);
    throw error;
  }
  if (flags.root !== undefined) {
    attachFullText(changes, flags.root);
    // The checkout's AGENTS.md guides fix prompts and agent-scope checks (the service reads the base branch's).
    const agentsMd = await readFile(join(flags.root, "AGENTS.md"), "utf8").catch(() => undefined);
    if (agentsMd !== undefined) changes.context = { ...changes.context, agentsMd };
  }
  const config = explicitConfig ?? (await loadRepositoryConfig(flags.root, changes, io));
  if (flags["fail-on"]) config.threshold = flags["fail-on"];

  const offline = flags.offline === true || process.env.GATEHOUSE_OFFLINE === "1";
  const registry = offline ? undefined : createRegistryClient({ cache: new FileCache(), ...(process.env.GATEHOUSE_NPM_REGISTRY ? { urls: { npm: process.env.GATEHOUSE_NPM_REGISTRY } } : {}) });
  const ports = { grammars: nodeGrammarLoader(), ...(registry ? { registry } : {}) };
  const warnings: string[] = [];
  const scannedBytes = scannedFiles(changes, config).bytes;
  const jobs = flags.jobs ?? defaultJobs();
  // Threads keep V8's own collection timing: collecting between batches cost a threaded 10 MB scan ~15 % (both
  // heaps collect on a 2-core machine) for a peak (~365 MiB) still far above one thread's.
  const afterBatch = jobs === 1 ? batchCollectorFor(scannedBytes) : undefined;
  // V8's flags go back once the scan is done, so the code cache written after the command matches the next start.
  const restoreWasmTiering = tuneWasmTiering(scannedBytes);
  let result: ScanResult;
  try {
    result = await scanInParallel(changes, config, ports, { rules: BUNDLED_RULES, jobs, warn: (message) => warnings.push(message), afterBatch });
  } finally {
    restoreWasmTiering();
  }
  // A thread's failure reason is an error message from code that read the files: redacted like every other output.
  for (const warning of warnings) await write(io.stderr, `warning: ${redactSecrets(warning)}\n`);
  const verdict = gate(result, config);
  const output =
    flags.format === "json" ? formatJson(verdict) : flags.format === "sarif" ? formatSarif(result, verdict) : formatText(result, verdict, { color: !flags["no-color"] && io.stdout.isTTY === true });
  await write(io.stdout, output);
  if (flags.format !== "text") {
    // Machine formats keep stdout pure; people still see notes and the verdict on stderr.
    for (const note of result.notes) await write(io.stderr, `note: ${note.message}\n`);
    await write(io.stderr, `${verdict.title}\n`);
  }
  return verdict.conclusion === "failure" ? EXIT.findings : EXIT.clean;
}

async function loadExplicitConfig(path: string): Promise<Config> {
  if (path === "") throw new UsageError("--config needs a file name");
  const text = await readConfigText(path, `--config ${path}`);
  if (text === undefined) throw new UsageError(`--config ${path}: no such file`);
  return parsedConfig(text, path);
}

/**
 * The repository's `.github/gatehouse.yml` under --root (or here). When the diff changes it and the checkout holds
 * the changed copy, the scan uses the copy from before the change, as the App reads the base commit's: a change
 * must not loosen (or turn off) its own gate.
 */
async function loadRepositoryConfig(root: string | undefined, changes: ChangeSet, io: ScanCommandIo): Promise<Config> {
  const path = join(root ?? ".", CONFIG_PATH);
  const current = await readConfigText(path, path);
  const change = changes.files.find((file) => file.path === CONFIG_PATH);
  if (change) {
    const before = oldSideText(change, current);
    if (before !== undefined || change.status === "added") {
      await write(io.stderr, `note: this change edits ${CONFIG_PATH}; the scan uses the version from before it, as the App does (a change cannot set its own gate).\n`);
      return before === undefined ? structuredClone(DEFAULT_CONFIG) : parsedConfig(before, `${CONFIG_PATH} (before this change)`);
    }
  }
  return current === undefined ? structuredClone(DEFAULT_CONFIG) : parsedConfig(current, path);
}

/** A config file's text; undefined when there is none. Any other read failure is a usage error, in one line. */
async function readConfigText(path: string, name: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new UsageError(`${name}: cannot read it (${code ?? String(error)})`);
  }
}

function parsedConfig(text: string, name: string): Config {
  const result = parseConfig(text, name);
  if (!result.ok) throw new UsageError(result.problems.map(formatConfigProblem).join("\n"));
  return result.config;
}

/**
 * With --root, rules see whole files. The checkout must hold the diff's new side: if an added line differs
 * (uncommitted edits, another branch), that file keeps the diff's own hunks and a note says why.
 */
function attachFullText(changes: ChangeSet, root: string): void {
  const base = resolve(root);
  for (const file of changes.files) {
    if (file.status === "deleted") continue;
    const full = resolve(base, file.path);
    if (!full.startsWith(base + "/")) continue; // a diff path must not read outside the checkout
    let text: string;
    try {
      // Synchronous on purpose: one read after another through the promise API cost ~0.4 ms of round trips each
      // (0.1 s on a 270-file diff), and the scan cannot start before every file is in.
      text = readFileSync(full, "utf8");
    } catch {
      changes.notes.push({ path: file.path, kind: "skipped", message: `${file.path}: not found under --root ${root}; scanned the diff's hunks only.` });
      continue;
    }
    if (hunksMatch(file, text)) file.newText = text;
    else changes.notes.push({ path: file.path, kind: "skipped", message: `${file.path}: the checkout under --root differs from the diff's new side; scanned the diff's hunks only.` });
  }
}
