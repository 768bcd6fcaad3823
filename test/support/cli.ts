/** Runs the built CLI (dist/, built by `npm test`) as a real child process, the way a user or CI job does. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/gatehouse.mjs", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `stdoutBytes`: read only that much of stdout, then close it, as `| head -c N` does. */
export function runCli(args: string[], input?: string | Buffer, options: { cwd?: string; stdoutBytes?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // Offline: CLI tests must never reach a registry.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, GATEHOUSE_OFFLINE: "1" } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      out.push(chunk);
      if (options.stdoutBytes !== undefined && Buffer.concat(out).length >= options.stdoutBytes) child.stdout.destroy();
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    child.stdin.on("error", () => undefined); // the CLI may exit before reading all of a rejected input
    child.stdin.end(input ?? "");
  });
}
