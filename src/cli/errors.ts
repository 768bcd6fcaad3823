/** The CLI's exit codes and the two error kinds that map onto them (changesets' shape). */
export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

/** Something the user can fix: printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const BUG_REPORT_URL = "https://github.com/gatehouse-dev/gatehouse/issues/new";

/** Our own bug: say so, give the report link, exit 1 (never 0). The working directory is left out of the text. */
export function describeInternalError(error: unknown): string {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const scrubbed = detail.split(process.cwd()).join(".");
  return `gatehouse: internal error. This is a Gatehouse bug; please report it at ${BUG_REPORT_URL} with the text below.\n${scrubbed}`;
}
