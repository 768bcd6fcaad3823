/**
 * `node scripts/eval.mjs [--peers] [--filter TEXT] [--corpus DIR] [--auth-fixtures DIR] [--report FILE] [--floors FILE]`
 * Scores Gatehouse (and with --peers, ESLint security + SDL, secretlint and dockerfilelint) on the labelled
 * corpus, and the auth analyzer on its own fixtures (fixtures/auth), prints the tables and every miss and false
 * alarm, and writes the JSON report.
 * Exit 0: every category at or above its floor and the auth fixtures at or above 0.9 precision and recall;
 * 1: a floor is breached; 2: usage error or a broken corpus.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CorpusError, loadCorpus } from "./corpus.js";
import { evaluate } from "./evaluate.js";
import { checkFloors, floorsSchema, type FloorBreach } from "./floors.js";
import { AUTH_FIXTURE_FLOOR, evaluateAuthFixtures, formatAuthFixtures, type AuthFixtureReport } from "./auth-fixtures.js";
import { formatJson, formatText } from "./report.js";
import { nodeGrammarLoader } from "../node/grammars.js";

/** The files each file-type peer reads, for the benchmark, which runs the peers' CLIs on the same files. */
export { ESLINT_FILES } from "./peers/eslint.js";
export { DOCKERFILELINT_FILES } from "./peers/dockerfilelint.js";

const HELP = `Usage: node scripts/eval.mjs [options]

Scores Gatehouse on the labelled corpus (fixtures/corpus/) per category and checks eval/floors.json.

Options:
  --peers          also run ESLint (security + sdl), secretlint and dockerfilelint, and compare
  --filter TEXT    only the corpus PRs whose folder name contains TEXT (floors are not checked)
  --corpus DIR     the corpus (default fixtures/corpus)
  --auth-fixtures DIR
                   the auth analyzer's labelled fixtures (default fixtures/auth; scored apart, floor 0.9)
  --report FILE    where the JSON report goes (default eval/report.json)
  --floors FILE    the floors to check (default eval/floors.json)
  -h, --help       this help
`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        peers: { type: "boolean" },
        filter: { type: "string" },
        corpus: { type: "string" },
        "auth-fixtures": { type: "string" },
        report: { type: "string" },
        floors: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    process.stderr.write(`eval: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}; run with --help\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const corpusDir = resolve(values.corpus ?? "fixtures/corpus");
  const reportPath = resolve(values.report ?? "eval/report.json");
  const floorsPath = resolve(values.floors ?? "eval/floors.json");
  if (!existsSync(corpusDir)) {
    process.stderr.write(`eval: --corpus ${corpusDir}: no such directory\n`);
    return 2;
  }
  const started = performance.now();
  let corpus;
  try {
    corpus = await loadCorpus(corpusDir, values.filter);
  } catch (error) {
    if (error instanceof CorpusError) {
      process.stderr.write(`eval: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // The held-out PRs were written blind, after the rules were tuned: scored apart, so overfitting shows.
  const tuning = corpus.filter((pr) => pr.labels.split !== "holdout");
  const heldOut = corpus.filter((pr) => pr.labels.split === "holdout");
  const options = { corpusDir, registryRecordings: resolve("fixtures/registry/npm"), peers: values.peers === true };
  const report = await evaluate(tuning, options);
  const holdout = heldOut.length > 0 ? await evaluate(heldOut, options) : undefined;

  let breaches: FloorBreach[] = [];
  let holdoutBreaches: FloorBreach[] = [];
  const ours = report.tools[0];
  if (!values.filter && ours && existsSync(floorsPath)) {
    const floors = floorsSchema.parse(JSON.parse(await readFile(floorsPath, "utf8")));
    breaches = checkFloors(ours.score, floors);
    const heldOutScore = holdout?.tools[0]?.score;
    if (heldOutScore && floors.holdout) holdoutBreaches = checkFloors(heldOutScore, floors.holdout);
  }
  const authFixturesDir = values["auth-fixtures"] ?? "fixtures/auth";
  let authFixtures: AuthFixtureReport | undefined;
  const fixturesBelow: string[] = [];
  if (existsSync(authFixturesDir)) {
    authFixtures = await evaluateAuthFixtures(authFixturesDir, nodeGrammarLoader());
    for (const metric of ["precision", "recall"] as const) {
      // Issue #4's bar for the analyzer's own fixtures, checked like a floor (and, like the floors, not with --filter).
      const measured = authFixtures.score[metric];
      if (!values.filter && measured < AUTH_FIXTURE_FLOOR) fixturesBelow.push(`  auth fixtures ${metric} ${measured.toFixed(3)} < ${AUTH_FIXTURE_FLOOR}`);
    }
  }
  process.stdout.write(formatText(report, breaches));
  if (holdout) {
    process.stdout.write(`\n\nHeld-out PRs (labels \`split: holdout\`: written blind after the rules were tuned, never used to tune them):\n`);
    process.stdout.write(formatText(holdout, holdoutBreaches));
  }
  if (authFixtures) process.stdout.write(`\n${formatAuthFixtures(authFixtures).join("\n")}\n`);
  if (fixturesBelow.length > 0) process.stdout.write(`\nBelow the auth fixtures' bar (issue #4):\n${fixturesBelow.join("\n")}\n`);
  await mkdir(dirname(reportPath), { recursive: true });
  const withFixtures = { ...report, holdout: holdout ? { ...holdout, floorBreaches: holdoutBreaches } : null, authFixtures: authFixtures ?? null };
  await writeFile(reportPath, formatJson(withFixtures, breaches));
  process.stdout.write(`\nWrote ${reportPath} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  return breaches.length > 0 || holdoutBreaches.length > 0 || fixturesBelow.length > 0 ? 1 : 0;
}
