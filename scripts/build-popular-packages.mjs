#!/usr/bin/env node
// Builds data/popular-packages.json, the bundled list of popular package names that typosquat detection compares
// against. Run once when the list should be refreshed; the scan never reads the big source lists at run time.
//
//   node scripts/build-popular-packages.mjs [npm.tsv] [pypi.tsv] [list-date]
//
// npm.tsv columns: name, version, downloads_a_month, summary  -> the top 3000 names by monthly downloads.
// pypi.tsv columns: name, version, month, rank_among_15000_most_downloaded, summary -> the 3000 best-ranked names.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [npmPath = "/work/.library/env/packages/npm.tsv", pypiPath = "/work/.library/env/packages/pypi.tsv", listDate = "2026-11-22"] = process.argv.slice(2);
const TOP = 3000;

function rows(path) {
  const lines = readFileSync(path, "utf8").split("\n");
  const header = lines[0].split("\t");
  return lines.slice(1).filter(Boolean).map((line) => Object.fromEntries(line.split("\t").map((value, i) => [header[i], value])));
}

const npm = rows(npmPath)
  .map((row) => ({ name: row.name, downloads: Number(row.downloads_a_month) }))
  .filter((row) => row.name && Number.isFinite(row.downloads))
  .sort((a, b) => b.downloads - a.downloads || a.name.localeCompare(b.name))
  .slice(0, TOP)
  .map((row) => row.name);

const pypi = rows(pypiPath)
  .map((row) => ({ name: row.name, rank: Number(row.rank_among_15000_most_downloaded) }))
  .filter((row) => row.name && row.rank > 0)
  .sort((a, b) => a.rank - b.rank)
  .slice(0, TOP)
  .map((row) => row.name.toLowerCase().replace(/[-_.]+/g, "-"));

const data = {
  source: {
    npm: `the ${TOP} npm names with the most downloads in a month, from a registry-wide list of npm packages (columns name, version, downloads_a_month) taken ${listDate}`,
    pypi: `the ${TOP} best-ranked PyPI names (PEP 503-normalized) among the 15,000 most downloaded, from a registry-wide list of PyPI packages taken ${listDate}`,
    generatedBy: "scripts/build-popular-packages.mjs",
  },
  date: listDate,
  npm,
  pypi,
};
writeFileSync(join(root, "data/popular-packages.json"), `${JSON.stringify(data, null, 0).replace(/,"/g, ',\n"')}\n`);
console.log(`build-popular-packages: ${npm.length} npm and ${pypi.length} PyPI names -> data/popular-packages.json`);
