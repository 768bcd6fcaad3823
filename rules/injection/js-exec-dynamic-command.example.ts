// Examples for injection/js-exec-dynamic-command. `expect:` lines must fire, `ok:` lines must stay quiet.
import { exec, execFile, execSync, spawn } from "node:child_process";
import * as childProcess from "node:child_process";
import util, { promisify } from "node:util";

const execAsync = promisify(exec);

export async function convert(req: any, res: any) {
  const { input, format } = req.body;
  // expect: injection/js-exec-dynamic-command
  exec(`convert ${input} output.${format}`, (error) => res.json({ ok: !error }));
  // expect: injection/js-exec-dynamic-command
  const out = execSync("git log --author=" + req.query.author).toString();
  // expect: injection/js-exec-dynamic-command
  await execAsync(`ping -c 1 ${req.query.host}`);
  // expect: injection/js-exec-dynamic-command
  childProcess.exec(`tar -czf /tmp/${format}.tgz ${input}`);
  // ok: injection/js-exec-dynamic-command
  execFile("convert", [input, `output.${format}`], (error) => res.json({ ok: !error }));
  // ok: injection/js-exec-dynamic-command
  spawn("git", ["log", `--author=${req.query.author}`]);
  // ok: injection/js-exec-dynamic-command
  execSync("git rev-parse HEAD").toString();
  // ok: injection/js-exec-dynamic-command
  const match = /^v(\d+)/.exec(`${out}`);
  // ok: injection/js-exec-dynamic-command
  db.exec(`CREATE TABLE IF NOT EXISTS ${"jobs"} (id INTEGER)`);
  // ok: injection/js-exec-dynamic-command
  execSync(`kill -TERM ${Number(req.params.pid)}`);
  // ok: injection/js-exec-dynamic-command
  execSync(`rm -rf ${BUILD_DIR}/cache`);
  return match;
}

const run = promisify(exec);
const sh = util.promisify(childProcess.exec);
const runFile = promisify(execFile);
const MEDIA_ROOT = "/srv/media";

export async function thumbnail(mediaId: string, size: string) {
  const input = `${MEDIA_ROOT}/${mediaId}.jpg`;
  // expect: injection/js-exec-dynamic-command
  await run(`convert ${input} -resize ${size} out.jpg`);
  // expect: injection/js-exec-dynamic-command
  await sh("soffice --convert-to " + size + " " + input, { timeout: 60_000 });
  // ok: injection/js-exec-dynamic-command
  await runFile("convert", [input, "-resize", size, "out.jpg"]);
  // ok: injection/js-exec-dynamic-command
  await run(`convert ${MEDIA_ROOT}/logo.png -strip out.png`);
  // ok: injection/js-exec-dynamic-command
  return format(`thumbnail ${size}`);
}

export function runPrebuilt(command: string) {
  // todo-expect: injection/js-exec-dynamic-command
  return execSync(command);
}

declare const db: { exec(sql: string): void };
declare const BUILD_DIR: string;
declare function format(text: string): string;
