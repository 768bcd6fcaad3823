/**
 * `gatehouse queue --repo owner/name --url URL [--token T] [--format text|json]`
 * Prints the repository's remediation queue from a Gatehouse service: one open finding id per line (the queue
 * file a batch driver reads), or JSON with each finding's prompt. The token comes from --token or
 * GATEHOUSE_API_TOKEN (prefer the variable: flags end up in shell history).
 * Exit 0: printed; 2: usage error, or the service refused (401/404) or could not be reached.
 */
import { parseArgs } from "node:util";
import { z } from "../../core/zod.js";
import { EXIT, UsageError } from "../errors.js";
import { write } from "../io.js";

export const QUEUE_HELP = `Usage: gatehouse queue --repo OWNER/NAME --url URL [options]

Prints the open findings of a repository from a Gatehouse service, most severe first: one finding id per
line (the queue file a batch remediation driver reads), or JSON with each finding's fix prompt.

Options:
  --repo OWNER/NAME   the repository (required)
  --url URL           the Gatehouse service, e.g. https://gatehouse.example.workers.dev (required)
  --token TOKEN       an API token for the repository's installation (default: $GATEHOUSE_API_TOKEN);
                      made with scripts/create-api-token.mjs
  --format FORMAT     text (default: one id per line) or json (ids with prompts)
  -h, --help          this help
`;

const flagsSchema = z.object({
  repo: z.string({ error: "--repo OWNER/NAME is required" }).check(z.regex(/^[\w.-]+\/[\w.-]+$/, { error: (issue) => `--repo must look like owner/name (got \`${String(issue.input)}\`)` })),
  url: z.url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? "--url is required (the Gatehouse service's address)" : `--url must be an http(s) URL (got \`${String(issue.input)}\`)`) }),
  token: z.optional(z.string().check(z.minLength(1))),
  format: z._default(z.enum(["text", "json"], { error: (issue) => `--format must be text or json (got \`${String(issue.input)}\`)` }), "text"),
});

export interface QueueCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runQueue(argv: string[], io: QueueCommandIo, options: { fetch?: typeof fetch; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { repo: { type: "string" }, url: { type: "string" }, token: { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } },
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split("\n")[0] : String(error)}; run \`gatehouse queue --help\``);
  }
  if (values.help) {
    await write(io.stdout, QUEUE_HELP);
    return EXIT.clean;
  }
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "invalid options");
  const flags = parsed.data;
  const token = flags.token ?? (options.env ?? process.env).GATEHOUSE_API_TOKEN;
  if (!token) throw new UsageError("no API token: set GATEHOUSE_API_TOKEN or pass --token (make one with scripts/create-api-token.mjs)");

  const endpoint = new URL(`api/repos/${flags.repo}/queue`, flags.url.endsWith("/") ? flags.url : `${flags.url}/`);
  if (flags.format === "json") endpoint.searchParams.set("format", "json");
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(endpoint, { headers: { authorization: `Bearer ${token}`, accept: flags.format === "json" ? "application/json" : "text/plain" } });
  } catch (error) {
    throw new UsageError(`cannot reach ${endpoint.origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = await response.text();
  if (!response.ok) {
    let reason = body.trim().slice(0, 300);
    try {
      reason = (JSON.parse(body) as { error?: string }).error ?? reason;
    } catch {
      // Not JSON (a proxy's error page): show the start of it as it is.
    }
    const hint = response.status === 401 ? " Check the token (GATEHOUSE_API_TOKEN)." : response.status === 404 ? " Check --repo, and that the token was made for this repository's installation." : "";
    throw new UsageError(`${endpoint.origin} answered ${response.status}: ${reason}${hint}`);
  }
  await write(io.stdout, flags.format === "json" ? `${JSON.stringify(JSON.parse(body), null, 2)}\n` : body);
  return EXIT.clean;
}
