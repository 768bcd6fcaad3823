/**
 * `node scripts/eval.mjs [--peers] [--filter TEXT] [--corpus DIR] [--report FILE] [--floors FILE]`
 * Scores Gatehouse (and with --peers, ESLint security + SDL, secretlint and dockerfilelint) on the labelled
 * corpus, prints the tables and every miss and false alarm, and writes the JSON report.
 * Exit 0: every category at or above its floor; 1: a floor is breached; 2: usage error or a broken corpus.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CorpusError, loadCorpus } from "./corpus.js";
import { evaluate } from "./evaluate.js";
import { checkFloors, floorsSchema, type FloorBreach } from "./floors.js";
import { formatJson, formatText } from "./report.js";

const HELP = `Usage: node scripts/eval.mjs [options]

Scores Gatehouse on the labelled corpus (fixtures/corpus/) per category and checks eval/floors.json.

Options:
  --peers          also run ESLint (security + sdl), secretlint and dockerfilelint, and compare
  --filter TEXT    only the corpus PRs whose folder name contains TEXT (floors are not checked)
  --corpus DIR     the corpus (default fixtures/corpus)
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
  const report = await evaluate(corpus, { corpusDir, registryRecordings: resolve("fixtures/registry/npm"), peers: values.peers === true });

  let breaches: FloorBreach[] = [];
  const ours = report.tools[0];
  if (!values.filter && ours && existsSync(floorsPath)) {
    const floors = floorsSchema.parse(JSON.parse(await readFile(floorsPath, "utf8")));
    breaches = checkFloors(ours.score, floors);
  }
  process.stdout.write(formatText(report, breaches));
  await mkdir(dirname(reportPath), { recursive: true });
  await writeFile(reportPath, formatJson(report, breaches));
  process.stdout.write(`\nWrote ${reportPath} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  return breaches.length > 0 ? 1 : 0;
}
