/**
 * Labelled fixtures and their score, for the auth fixtures in fixtures/auth/ (and any evaluation command).
 * A fixture file marks the line a finding must be reported on with a comment on the line above it,
 * `// expect: auth/unprotected-route` or `# expect: auth/bola`; a first-line header
 * `// fixture: added=4-9,12` says which lines the PR added (all lines when absent), so routes in untouched
 * regions are part of the test. Pure: the caller reads the files.
 */

export interface ExpectedFinding {
  path: string;
  line: number;
  ruleId: string;
}

export interface LabelledFile {
  path: string;
  text: string;
  addedLines: number[];
  expected: ExpectedFinding[];
}

const MARKER = /^\s*(?:\/\/|#|\*|\/\*)\s*expect:\s*([\w/-]+)/;
const HEADER = /^\s*(?:\/\/|#)\s*fixture:\s*(.*)$/;

function parseRanges(spec: string, lineCount: number): number[] {
  if (spec === "all") return Array.from({ length: lineCount }, (_, i) => i + 1);
  const lines: number[] = [];
  for (const part of spec.split(",")) {
    const [from, to] = part.split("-").map(Number);
    if (from === undefined || Number.isNaN(from)) continue;
    for (let n = from; n <= (to ?? from); n++) lines.push(n);
  }
  return lines;
}

/** Reads one fixture file's labels. An `expect:` marker labels the next line that is not itself a marker. */
export function labelFixture(path: string, text: string): LabelledFile {
  const lines = text.split("\n");
  const header = HEADER.exec(lines[0] ?? "")?.[1] ?? "";
  const added = /added=([\d,-]+|all)/.exec(header)?.[1] ?? "all";
  const expected: ExpectedFinding[] = [];
  let pending: string[] = [];
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    if (marker?.[1]) {
      pending.push(marker[1]);
      return;
    }
    if (pending.length > 0 && line.trim() !== "") {
      for (const ruleId of pending) expected.push({ path, line: index + 1, ruleId });
      pending = [];
    }
  });
  return { path, text, addedLines: parseRanges(added, lines.length), expected };
}

export interface Score {
  truePositives: ExpectedFinding[];
  misses: ExpectedFinding[];
  falseAlarms: ExpectedFinding[];
  precision: number;
  recall: number;
}

const key = (f: ExpectedFinding) => `${f.path}:${f.line}:${f.ruleId}`;

export function score(expected: readonly ExpectedFinding[], reported: readonly ExpectedFinding[]): Score {
  const wanted = new Set(expected.map(key));
  const got = new Set(reported.map(key));
  const truePositives = expected.filter((f) => got.has(key(f)));
  const misses = expected.filter((f) => !got.has(key(f)));
  const falseAlarms = reported.filter((f) => !wanted.has(key(f)));
  const precision = reported.length === 0 ? 1 : truePositives.length / (truePositives.length + falseAlarms.length);
  const recall = expected.length === 0 ? 1 : truePositives.length / expected.length;
  return { truePositives, misses, falseAlarms, precision, recall };
}
