// The `corpus` benchmark section: Gatehouse and each peer as their real CLIs, whole process (Node start-up, config
// loading, reading files, output), on the labelled corpus (fixtures/corpus/), each tool on the same files.
//
// The corpus is written out once: every PR's changed files under <out>/<pr-id>/<path> (the files/ tree; a file with
// no full text there gets the diff's new side at its real line numbers, which is exactly what the evaluation gives
// the peers), plus one combined diff whose paths carry the PR id, so Gatehouse scans every PR in ONE process:
// `gatehouse scan corpus-all.diff --root <out> --offline --format json`.
// The peers read the same files: ESLint (security + SDL, bench/eslint-peer.config.mjs) the JS/TS files, secretlint
// (recommended preset) every file, dockerfilelint the Dockerfiles. Gatehouse is also timed on each of those subsets,
// so every ratio (peer time ÷ Gatehouse time) compares the same input.
//
// Each tool (and each Gatehouse subset) runs RUNS times, interleaved (all of them once, then again, …), so a burst
// of load on a shared machine hits all of them alike; the reported time is the best run (the least disturbed), the
// median is kept beside it, and peak RSS is the highest of the runs. Each ratio is also taken within each pass,
// and the median of those is kept beside the ratio of the best runs.
// The outputs are checked against the in-process evaluation (`node scripts/eval.mjs --peers`, whose report also
// gives the in-process speed ratio), so a broken config or path prefix shows up as a mismatch instead of a fast run.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const RUNS = 5;
/** Copies of the JS/TS files in the scaled comparison: 0.7 MB, so Gatehouse scans it in batches, as a large change. */
const SCALE = 4;
const MiB = 2 ** 20;
const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The diff's new side at its real line numbers, blank lines between hunks (the core's `sparseText`, which dist/core.mjs does not export). */
function sparseText(file) {
  const lines = [];
  for (const hunk of file.hunks) {
    while (lines.length < hunk.newStart - 1) lines.push("");
    for (const line of hunk.lines) lines.push(line);
  }
  return lines.join("\n");
}

/**
 * Rewrites a git diff's paths to sit under `prefix/`: `diff --git`, `---`/`+++`, rename and copy headers. Hunk bodies
 * are copied untouched, counted off by the @@ header, so a removed line that happens to start with "-- a/" is
 * never taken for a header.
 */
export function prefixDiffPaths(diff, prefix) {
  const out = [];
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diff.split("\n")) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith("\\")) {
        out.push(line); // "\ No newline at end of file"
        continue;
      }
      const kind = line[0];
      if (kind === "-") oldLeft--;
      else if (kind === "+") newLeft--;
      else {
        oldLeft--;
        newLeft--;
      }
      out.push(line);
      continue;
    }
    let match;
    if ((match = /^diff --git a\/(.+) b\/(.+)$/.exec(line))) out.push(`diff --git a/${prefix}/${match[1]} b/${prefix}/${match[2]}`);
    else if ((match = /^(---|\+\+\+) ([ab])\/(.*)$/.exec(line))) out.push(`${match[1]} ${match[2]}/${prefix}/${match[3]}`);
    else if ((match = /^(rename|copy) (from|to) (.*)$/.exec(line))) out.push(`${match[1]} ${match[2]} ${prefix}/${match[3]}`);
    else {
      const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      if (hunk) {
        oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      }
      out.push(line);
    }
  }
  return out.join("\n");
}

/**
 * Writes the corpus out under `outDir` and returns what each tool reads: every changed file (path relative to
 * outDir, bytes, added lines), one combined diff per subset (all files, JS/TS, Dockerfiles), and the labels with
 * prefixed paths.
 */
export function materializeCorpus(core, corpusDir, outDir) {
  mkdirSync(outDir, { recursive: true });
  const ids = readdirSync(corpusDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files = [];
  const labels = [];
  const sections = []; // { path, text }: one diff section per changed file, paths already prefixed
  let diffBytes = 0;
  for (const id of ids) {
    const diff = readFileSync(join(corpusDir, id, "pr.diff"), "utf8");
    diffBytes += Buffer.byteLength(diff);
    const changes = core.parseUnifiedDiff(diff);
    if (changes.notes.length > 0) throw new Error(`fixtures/corpus/${id}/pr.diff: ${changes.notes.map((n) => n.message).join("; ")}`);
    for (const file of changes.files) {
      if (file.status === "deleted") continue;
      const full = join(corpusDir, id, "files", file.path);
      const text = existsSync(full) ? readFileSync(full, "utf8") : sparseText(file);
      const path = `${id}/${file.path}`;
      mkdirSync(dirname(join(outDir, path)), { recursive: true });
      writeFileSync(join(outDir, path), text);
      // The peers in the evaluation read only files that add lines (src/eval/peers/input.ts).
      if (file.addedLines.length > 0) files.push({ path, bytes: Buffer.byteLength(text), added: new Set(file.addedLines) });
    }
    const prefixed = prefixDiffPaths(diff, id);
    for (const section of prefixed.split(/^(?=diff --git )/m)) {
      const header = /^diff --git a\/.+ b\/(.+)$/m.exec(section);
      if (header?.[1]) sections.push({ path: header[1], text: section.endsWith("\n") ? section : `${section}\n` });
    }
    for (const label of JSON.parse(readFileSync(join(corpusDir, id, "labels.json"), "utf8")).expected) labels.push({ ...label, path: `${id}/${label.path}` });
  }
  const diffOf = (accept) =>
    sections
      .filter((s) => accept(s.path))
      .map((s) => s.text)
      .join("");
  const combined = diffOf(() => true);
  // The prefixed diff must say exactly what the PRs say, file for file and line for line.
  const reparsed = core.parseUnifiedDiff(combined);
  const addedInCombined = reparsed.files.filter((f) => f.status !== "deleted" && f.addedLines.length > 0);
  const mismatch = addedInCombined.length !== files.length || addedInCombined.some((f, i) => f.path !== files[i]?.path || f.addedLines.length !== files[i]?.added.size);
  if (mismatch) throw new Error("bench/corpus.mjs: the combined diff does not match the PRs' own diffs (path prefixing went wrong)");
  return { prs: ids.length, diffBytes, files, labels, combined, diffOf };
}

/** Runs a Node CLI as a whole process, peak RSS recorded by bench/rss-preload.mjs at exit. */
function runNodeCli(root, tmp, script, args, { cwd = root, okExit = (code) => code === 0 || code === 1 } = {}) {
  const rssFile = join(tmp, `rss-${process.hrtime.bigint()}`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", join(root, "bench/rss-preload.mjs"), script, ...args], {
    cwd,
    env: { ...process.env, GATEHOUSE_BENCH_RSS_FILE: rssFile },
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - started;
  if (child.error) throw child.error;
  if (!okExit(child.status)) throw new Error(`${relative(root, script)} exited ${child.status}: ${child.stderr.toString().slice(0, 800)}`);
  return { ms, rssMiB: Number(readFileSync(rssFile, "utf8")) / 1024, exitCode: child.status, stdout: child.stdout.toString() };
}

/** Path and category equal, within 2 lines: the evaluation's rule (src/eval/match.ts), paired greedily, closest first. */
function roughScore(findings, labels) {
  const byPath = new Map();
  for (const label of labels) byPath.set(label.path, [...(byPath.get(label.path) ?? []), { ...label, taken: false }]);
  let tp = 0;
  for (const finding of findings) {
    const end = Math.max(finding.line, finding.endLine ?? finding.line);
    const candidates = (byPath.get(finding.path) ?? []).filter((l) => !l.taken && l.category === finding.category && ((finding.line <= l.line && l.line <= end) || Math.abs(finding.line - l.line) <= 2));
    const closest = candidates.sort((a, b) => Math.abs(a.line - finding.line) - Math.abs(b.line - finding.line))[0];
    if (closest) {
      closest.taken = true;
      tp++;
    }
  }
  return { tp, fp: findings.length - tp, fn: labels.length - tp };
}

/** Reports on added lines, the only ones the evaluation counts; parse errors (ESLint's null rule id) apart. */
function countReports(reports, filesByPath) {
  let onAddedLines = 0;
  let parseErrors = 0;
  for (const { path, line, parseError } of reports) {
    if (parseError) parseErrors++;
    else if (filesByPath.get(path)?.added.has(line)) onAddedLines++;
  }
  return { onAddedLines, parseErrors };
}

export async function benchCorpus({ root, tmp }) {
  const core = await import(join(root, "dist/core.mjs"));
  // A snapshot, so the CLIs and the eval see the same PRs even while someone adds to fixtures/corpus/.
  const snapshot = join(tmp, "corpus-source");
  cpSync(join(root, "fixtures/corpus"), snapshot, { recursive: true });
  const outDir = join(tmp, "corpus");
  const corpus = materializeCorpus(core, snapshot, outDir);
  const filesByPath = new Map(corpus.files.map((f) => [f.path, f]));
  // The files the eval's peers read, so each CLI gets the same ones as in the eval.
  const { ESLINT_FILES: JS_FILE, DOCKERFILELINT_FILES: DOCKERFILE } = await import(pathToFileURL(join(root, "dist/eval.mjs")).href);
  const subset = (accept) => {
    const files = corpus.files.filter((f) => accept(f.path));
    return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
  };
  const all = subset(() => true);
  const jsTs = subset((p) => JS_FILE.test(p));
  const dockerfiles = subset((p) => DOCKERFILE.test(p));
  const diffFile = (name, accept) => {
    const file = join(tmp, name);
    writeFileSync(file, corpus.diffOf(accept));
    return file;
  };
  const diffs = { all: diffFile("corpus-all.diff", () => true), jsTs: diffFile("corpus-js-ts.diff", (p) => JS_FILE.test(p)), dockerfiles: diffFile("corpus-dockerfiles.diff", (p) => DOCKERFILE.test(p)) };
  const secretlintrc = join(tmp, "corpus-secretlintrc.json");
  writeFileSync(secretlintrc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  // dockerfilelint reads .dockerfilelintrc from the directory it is given; an empty one keeps the defaults (as in the eval).
  const dockerfilelintConfig = join(tmp, "corpus-dockerfilelint-config");
  mkdirSync(dockerfilelintConfig, { recursive: true });
  const onDisk = (files, dir = outDir) => files.map((f) => join(dir, f.path));

  // The JS/TS files again, SCALE copies side by side (copy k under c<k>/), for both tools. On the corpus alone each
  // tool's time is its fixed cost (start-up, loading, set-up) plus one copy's worth of work; the scaled run tells the
  // two apart, so the ratio the work itself earns shows beside the ratio on the corpus.
  const scaledDir = join(tmp, "corpus-js-ts-scaled");
  const scaledFiles = [];
  const scaledDiffs = [];
  const jsTsDiff = corpus.diffOf((p) => JS_FILE.test(p));
  for (let copy = 1; copy <= SCALE; copy++) {
    for (const file of jsTs.files) {
      const path = `c${copy}/${file.path}`;
      mkdirSync(dirname(join(scaledDir, path)), { recursive: true });
      cpSync(join(outDir, file.path), join(scaledDir, path));
      scaledFiles.push({ ...file, path });
    }
    scaledDiffs.push(prefixDiffPaths(jsTsDiff, `c${copy}`));
  }
  const scaledDiff = join(tmp, "corpus-js-ts-scaled.diff");
  writeFileSync(scaledDiff, scaledDiffs.join(""));
  const jsTsScaled = { files: scaledFiles, bytes: jsTs.bytes * SCALE };

  const gatehouse = (diff, dir = outDir) => () => runNodeCli(root, tmp, join(root, "bin/gatehouse.mjs"), ["scan", diff, "--root", dir, "--offline", "--format", "json"]);
  const eslint = (files) => () => runNodeCli(root, tmp, join(root, "node_modules/eslint/bin/eslint.js"), ["--config", join(root, "bench/eslint-peer.config.mjs"), "--format", "json", "--no-warn-ignored", ...files]);
  // Node itself on an empty script: what every tool's process costs before its own first line, on this machine.
  const emptyScript = join(tmp, "empty.mjs");
  writeFileSync(emptyScript, "");
  const tools = {
    node: { input: subset(() => false), run: () => runNodeCli(root, tmp, emptyScript, []) },
    gatehouse: { input: all, run: gatehouse(diffs.all) },
    gatehouseJsTs: { input: jsTs, run: gatehouse(diffs.jsTs) },
    gatehouseDockerfiles: { input: dockerfiles, run: gatehouse(diffs.dockerfiles) },
    eslint: { input: jsTs, sameInputAs: "gatehouseJsTs", run: eslint(onDisk(jsTs.files)) },
    gatehouseJsTsScaled: { input: jsTsScaled, run: gatehouse(scaledDiff, scaledDir) },
    eslintScaled: { input: jsTsScaled, sameInputAs: "gatehouseJsTsScaled", run: eslint(onDisk(jsTsScaled.files, scaledDir)) },
    secretlint: {
      input: all,
      sameInputAs: "gatehouse",
      // Its report goes to a file: on a pipe, secretlint exits before a large report is flushed.
      run: () => {
        const report = join(tmp, `secretlint-${process.hrtime.bigint()}.json`);
        const run = runNodeCli(root, tmp, join(root, "node_modules/secretlint/bin/secretlint.js"), ["--secretlintrc", secretlintrc, "--format", "json", "--no-glob", "--no-color", "--output", report, ...onDisk(all.files)]);
        return { ...run, stdout: readFileSync(report, "utf8") };
      },
    },
    dockerfilelint: {
      input: dockerfiles,
      sameInputAs: "gatehouseDockerfiles",
      // Its exit code is the number of issues found; a crash shows up as output that is not JSON.
      run: () => runNodeCli(root, tmp, join(root, "node_modules/dockerfilelint/bin/dockerfilelint"), ["--output", "json", "--config", dockerfilelintConfig, ...onDisk(dockerfiles.files)], { okExit: () => true }),
    },
  };
  const runs = Object.fromEntries(Object.keys(tools).map((name) => [name, []]));
  for (let pass = 0; pass < RUNS; pass++) for (const [name, tool] of Object.entries(tools)) runs[name].push(tool.run());

  const fromDisk = (path) => relative(outDir, path).split("\\").join("/");
  // A report holds file contents (secretlint's holds the secrets it found): a parse error names the tool, never the text.
  const parsed = (tool, text) => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`${tool}: its JSON report could not be read (${text.length} characters; ${error instanceof Error ? error.name : "error"})`);
    }
  };
  const reportsOf = {
    gatehouse: (stdout) => parsed("gatehouse", stdout),
    eslint: (stdout) => parsed("eslint", stdout).flatMap((r) => r.messages.map((m) => ({ path: fromDisk(r.filePath), line: m.line, parseError: m.ruleId === null }))),
    secretlint: (stdout) => parsed("secretlint", stdout).flatMap((r) => r.messages.filter((m) => m.type === "message").map((m) => ({ path: fromDisk(r.filePath), line: m.loc.start.line }))),
    dockerfilelint: (stdout) => parsed("dockerfilelint", stdout).files.flatMap((r) => r.issues.map((i) => ({ path: fromDisk(r.file), line: Number(i.line) }))),
  };
  const measured = {};
  for (const [name, tool] of Object.entries(tools)) {
    const times = runs[name].map((r) => r.ms);
    const best = runs[name].reduce((a, b) => (a.ms < b.ms ? a : b));
    measured[name] = {
      files: tool.input.files.length,
      inputBytes: tool.input.bytes,
      inputMiB: round(tool.input.bytes / MiB, 3),
      bestMs: round(best.ms),
      medianMs: round(median(times)),
      mbPerSecond: round(tool.input.bytes / MiB / (best.ms / 1000), 3),
      peakRssMiB: round(Math.max(...runs[name].map((r) => r.rssMiB))),
    };
  }
  for (const [name, tool] of Object.entries(tools)) {
    if (!tool.sameInputAs) continue;
    measured[name].ratioToGatehouseSameInput = round(measured[name].bestMs / measured[tool.sameInputAs].bestMs, 2);
    // The same ratio within each interleaved pass, then the median: a slow phase of the machine that spans a pass
    // slows both tools alike, where the two best runs may come from different phases.
    measured[name].ratioToGatehouseSameInputPairedMedian = round(median(runs[name].map((run, pass) => run.ms / runs[tool.sameInputAs][pass].ms)), 2);
    measured[name].ratioToGatehouseWholeCorpus = round(measured[name].bestMs / measured.gatehouse.bestMs, 2);
  }

  // Do the CLIs find what the in-process evaluation finds? Gatehouse against the labels; each peer by its count of
  // reports on added lines (the evaluation maps those to categories or counts them unmapped).
  const gatehouseFindings = reportsOf.gatehouse(runs.gatehouse[0].stdout);
  measured.gatehouse.findings = gatehouseFindings.length;
  const check = { gatehouseWholeProcess: roughScore(gatehouseFindings, corpus.labels) };
  for (const peer of ["eslint", "secretlint", "dockerfilelint"]) check[peer] = countReports(reportsOf[peer](runs[peer][0].stdout), filesByPath);
  // Each copy is the same files, so the scaled runs must report SCALE times what one copy gets.
  check.scaledMismatches = [];
  for (const [tool, one, many] of [
    ["gatehouse", "gatehouseJsTs", "gatehouseJsTsScaled"],
    ["eslint", "eslint", "eslintScaled"],
  ]) {
    const onOne = reportsOf[tool](runs[one][0].stdout).length;
    const onMany = reportsOf[tool](runs[many][0].stdout).length;
    if (onMany !== onOne * SCALE) check.scaledMismatches.push(`${tool}: ${onMany} reports on ${SCALE} copies of the JS/TS files, against ${onOne} on one copy`);
  }
  // Each tool's time split into a fixed part and one copy's work, from the best runs: work = (scaled - one) / (SCALE - 1).
  const split = (one, scaled) => {
    const perCopyMs = (measured[scaled].bestMs - measured[one].bestMs) / (SCALE - 1);
    return { perCopyMs: round(perCopyMs), fixedMs: round(measured[one].bestMs - perCopyMs) };
  };
  const scaled = { copies: SCALE, gatehouse: split("gatehouseJsTs", "gatehouseJsTsScaled"), eslint: split("eslint", "eslintScaled") };
  scaled.workRatio = round(scaled.eslint.perCopyMs / scaled.gatehouse.perCopyMs, 2);

  const evalReportPath = join(tmp, "corpus-eval-report.json");
  const evalRun = spawnSync(process.execPath, [join(root, "scripts/eval.mjs"), "--peers", "--corpus", snapshot, "--report", evalReportPath], { cwd: root, maxBuffer: 1 << 30 });
  // Exit 1 is a floor breach: the report is still whole. Only a usage error or a crash (2, or no report) stops here.
  if (evalRun.status !== 0 && evalRun.status !== 1) throw new Error(`node scripts/eval.mjs --peers exited ${evalRun.status}: ${evalRun.stderr.toString().slice(0, 800)}`);
  const evalReport = JSON.parse(readFileSync(evalReportPath, "utf8"));
  // The eval scores the held-out PRs (labels `split: holdout`) apart from the rest; the CLIs read every PR, so
  // each tool's two runs are added up.
  const evalRuns = (prefix) => [evalReport.tools, evalReport.holdout?.tools ?? []].map((tools) => tools.find((t) => t.name.startsWith(prefix))).filter((tool) => tool !== undefined);
  const summed = (prefix, count) => evalRuns(prefix).reduce((sum, tool) => sum + count(tool), 0);
  const evalCounts = (prefix) => ({ reports: summed(prefix, (t) => t.score.total.tp + t.score.total.fp + t.unmapped), errors: summed(prefix, (t) => t.errors.length) });
  check.gatehouseInProcess = Object.fromEntries(["tp", "fp", "fn"].map((key) => [key, summed("gatehouse", (t) => t.score.total[key])]));
  check.eslintInProcess = evalCounts("eslint");
  check.secretlintInProcess = evalCounts("secretlint");
  check.dockerfilelintInProcess = evalCounts("dockerfilelint");
  // A peer's CLI must report exactly what its API reports in process, or the two configs differ: a mismatch is a
  // warning. Gatehouse's scores differ for known reasons (bench/README.md), so they are shown, not judged.
  check.peerMismatches = [];
  for (const peer of ["eslint", "secretlint", "dockerfilelint"]) {
    const cli = check[peer];
    const api = check[`${peer}InProcess`];
    if (cli.onAddedLines !== api.reports || cli.parseErrors !== api.errors) check.peerMismatches.push(`${peer}: its CLI made ${cli.onAddedLines} reports on added lines (${cli.parseErrors} unreadable files), its API in the eval ${api.reports} (${api.errors})`);
  }
  const speed = evalReport.speedRatio;
  const inProcess = {
    source: "eval report of `node scripts/eval.mjs --peers` (dist/eval.mjs), run by this section",
    eslintOverGatehouseCold: round(speed.cold, 2),
    eslintOverGatehouseWarm: round(speed.warm, 2),
    gatehouseWarmMs: round(speed.gatehouseWarmMs),
    eslintWarmMs: round(speed.versusWarmMs),
    wallMs: Object.fromEntries(evalReport.tools.map((t) => [t.name, round(t.wallMs)])),
  };
  return {
    prs: corpus.prs,
    diffMiB: round(corpus.diffBytes / MiB, 2),
    timing: `best of ${RUNS} interleaved runs (median kept beside it); peak RSS is the highest of the runs`,
    tools: measured,
    inProcess,
    scaled,
    check,
  };
}
