#!/usr/bin/env node
/**
 * Copies real webhook payloads from `@octokit/webhooks-examples` (a dev dependency) into
 * fixtures/events/<event>.<action>.json, one file per event and action Gatehouse handles, and records which
 * package version they came from in fixtures/events/README.md. Payloads are copied unchanged: tests that need
 * another branch name or SHA change them in memory, never here.
 *
 * Usage: node scripts/extract-events.mjs
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const OUTPUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/events");

/** [event, action]: what Gatehouse subscribes to (DESIGN.md, issue 3). */
const WANTED = [
  ["pull_request", "opened"],
  ["pull_request", "synchronize"],
  ["pull_request", "reopened"],
  ["pull_request", "ready_for_review"],
  ["pull_request", "edited"],
  ["pull_request", "closed"],
  ["check_run", "rerequested"],
  ["check_run", "requested_action"],
  ["check_suite", "rerequested"],
  ["issue_comment", "created"],
  ["installation", "deleted"],
  ["installation_repositories", "added"],
  ["installation_repositories", "removed"],
];

/**
 * A GitHub App receives payloads that carry `installation`, so among several examples of one action the first
 * with an installation is the most faithful; otherwise the first example.
 */
function pickExample(examples) {
  return examples.find((example) => example.installation) ?? examples[0];
}

function main() {
  const require = createRequire(import.meta.url);
  const packageJson = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/package.json"), "utf8"));
  const webhooks = require("@octokit/webhooks-examples/api.github.com/index.json");
  mkdirSync(OUTPUT_DIR, { recursive: true });

  const written = [];
  const missing = [];
  for (const [event, action] of WANTED) {
    const examples = webhooks.find((webhook) => webhook.name === event)?.examples ?? [];
    const matching = examples.filter((example) => example.action === action);
    if (matching.length === 0) {
      missing.push(`${event}.${action}`);
      continue;
    }
    const chosen = pickExample(matching);
    const file = `${event}.${action}.json`;
    writeFileSync(resolve(OUTPUT_DIR, file), `${JSON.stringify(chosen, null, 2)}\n`);
    written.push({ file, index: examples.indexOf(chosen), count: matching.length, payload: chosen });
  }

  writeFileSync(resolve(OUTPUT_DIR, "README.md"), readme(packageJson.version, written, missing, shortcomings(webhooks, written)));
  console.log(`wrote ${written.length} payloads to ${OUTPUT_DIR} from @octokit/webhooks-examples@${packageJson.version}`);
  if (missing.length > 0) console.log(`no example in the package for: ${missing.join(", ")}`);
}

/** Facts about the examples that tests must work around, measured rather than asserted. */
function shortcomings(webhooks, written) {
  const notes = [];
  const comments = webhooks.find((webhook) => webhook.name === "issue_comment")?.examples ?? [];
  if (!comments.some((example) => example.action === "created" && example.issue?.pull_request)) {
    notes.push(
      "No `issue_comment.created` example is on a pull request (none has `issue.pull_request`); tests of slash\n" +
        "  commands add that field in memory.",
    );
  }
  const rerequested = written.find(({ file }) => file === "check_run.rerequested.json")?.payload;
  if (rerequested && rerequested.check_run.pull_requests.length === 0) {
    notes.push(
      "`check_run.rerequested` has an empty `check_run.pull_requests`, the shape GitHub sends for fork PRs, so\n" +
        "  the head SHA must be mapped back to its pull request.",
    );
  }
  if (!written.some(({ payload }) => payload.pull_request?.head?.ref?.includes("/"))) {
    notes.push("No pull request example has an agent-style head branch (`codex/...`); tests set `head.ref` in memory.");
  }
  return notes;
}

function readme(version, written, missing, notes) {
  const rows = written.map(
    ({ file, index, count }) => `| \`${file}\` | example #${index} of the event (${count} for this action) |`,
  );
  const gaps =
    missing.length === 0
      ? "Every wanted action has an example."
      : missing.map((name) => `- \`${name}\`: the package has no example for this action; none was invented.`).join("\n");
  return `# Webhook payloads (generated, do not edit)

Real payloads copied unchanged from \`@octokit/webhooks-examples@${version}\` (\`api.github.com/index.json\`) by
\`node scripts/extract-events.mjs\`. When an action has several examples, the first one that carries an
\`installation\` (as every GitHub App delivery does) is taken, otherwise the first.

Tests sign these payloads with their own webhook secret, as GitHub would, and change branch names or SHAs in
memory, never in these files.

| File | Source |
| --- | --- |
${rows.join("\n")}

## Missing from the package

${gaps}

## Known shortcomings of the examples

${notes.length === 0 ? "None found." : notes.map((note) => `- ${note}`).join("\n")}
`;
}

main();
