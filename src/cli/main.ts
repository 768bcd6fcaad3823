/** The `gatehouse` command: parses the command name, prints help, runs the command, maps errors to exit codes. */
import "./zod-jitless.js";
import { runCheckRules } from "./commands/check-rules.js";
import { runQueue } from "./commands/queue.js";
import { runScan } from "./commands/scan.js";
import { describeInternalError, EXIT, UsageError } from "./errors.js";
import { listenForWriteErrors, write } from "./io.js";
import { GATEHOUSE_VERSION } from "../core/report/sarif.js";

const HELP = `Usage: gatehouse <command> [options]

Commands:
  scan [DIFF|-]   scan what a unified diff adds (git diff main | gatehouse scan)
  queue           print a repository's remediation queue from a Gatehouse service (--repo O/N --url URL)
  check-rules     check that every bundled rule compiles and agrees with its examples

Run \`gatehouse <command> --help\` for a command's options.
`;

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  listenForWriteErrors(io.stdout);
  listenForWriteErrors(io.stderr);
  try {
    switch (command) {
      case "scan":
        return await runScan(rest, io);
      case "queue":
        return await runQueue(rest, io);
      case "check-rules":
        return await runCheckRules(io);
      case "--version":
      case "-v":
        await write(io.stdout, `${GATEHOUSE_VERSION}\n`);
        return EXIT.clean;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        await write(command === undefined ? io.stderr : io.stdout, HELP);
        return command === undefined ? EXIT.usage : EXIT.clean;
      default:
        throw new UsageError(`unknown command \`${command}\`; run \`gatehouse --help\``);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      await write(io.stderr, `gatehouse: ${error.message}\n`);
      return EXIT.usage;
    }
    await write(io.stderr, `${describeInternalError(error)}\n`);
    // A scan that crashed did not scan: the same exit as a diff it could not read in part (fail closed).
    return EXIT.findings;
  }
}
