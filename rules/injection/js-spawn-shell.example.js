// Examples for injection/js-spawn-shell. `expect:` lines must fire, `ok:` lines must stay quiet.
const { spawn, spawnSync, execFile } = require("child_process");

function thumbnail(req, res) {
  const size = req.query.size;
  // expect: injection/js-spawn-shell
  const child = spawn(`convert ${req.file.path} -resize ${size} out.png`, { shell: true });
  // expect: injection/js-spawn-shell
  spawnSync("ffmpeg -i " + req.body.url + " out.mp4", { shell: true, stdio: "inherit" });
  // expect: injection/js-spawn-shell
  spawn("sh", ["-c", `curl -s ${req.query.url} | jq .`]);
  // expect: injection/js-spawn-shell
  execFile("/bin/bash", ["-c", "git clone " + req.body.repo]);
  // expect: injection/js-spawn-shell
  spawn("convert", [req.file.path, "-resize", size, "out.png"], { shell: true });
  const args = ["-y", "-i", req.file.path, `${req.file.originalname}.mp4`];
  // expect: injection/js-spawn-shell
  spawn("ffmpeg", args, { shell: true, stdio: "ignore" });
  // expect: injection/js-spawn-shell
  spawnSync(req.body.command, { shell: true });
  const fixedArgs = ["run", "build"];
  // ok: injection/js-spawn-shell
  spawn("npm", fixedArgs, { shell: true });
  // ok: injection/js-spawn-shell
  spawn("ffmpeg", args, { stdio: "ignore" });
  // ok: injection/js-spawn-shell
  spawn("convert", [req.file.path, "-resize", size, "out.png"]);
  // ok: injection/js-spawn-shell
  spawn("npm run build", { shell: true });
  // ok: injection/js-spawn-shell
  spawn("sh", ["-c", "npm ci && npm test"]);
  // ok: injection/js-spawn-shell
  spawn(`convert ${req.file.path} out.png`, { shell: false });
  // ok: injection/js-spawn-shell
  spawnSync("git", ["clone", "--", req.body.repo]);
  return child;
}

function runUserScript(script) {
  // todo-expect: injection/js-spawn-shell
  return spawn(script, { shell: process.platform === "win32" ? "cmd.exe" : true });
}

module.exports = { thumbnail, runUserScript };
