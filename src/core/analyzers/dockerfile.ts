/**
 * Dockerfile checks (category `iac`). There is no Dockerfile grammar that loads in web-tree-sitter 0.27, so this
 * analyzer reads Dockerfiles with the dockerfile-ast parser (the one behind the VS Code Docker extension).
 *
 * Rules: iac/dockerfile-root-user, iac/dockerfile-curl-pipe-shell, iac/dockerfile-add-remote-url,
 * iac/dockerfile-secret-in-env-arg, iac/dockerfile-unpinned-base, iac/dockerfile-chmod-777, iac/dockerfile-sudo.
 * Each reports only when an added line is involved; "no USER" is reported on the final stage's FROM when the PR
 * added that FROM (or any line of the final stage in a newly added file).
 */
import type { Dockerfile, From, Instruction } from "dockerfile-ast";
import { languageForPath } from "../languages.js";
import { iacDetection, SECRET_NAME, SECRET_POINTER_NAME, touchesAdded, wholeFileKnown } from "../iac/detection.js";
import type { Analyzer, AnalyzerFile, Detection } from "./analyzer.js";

const CIS_DOCKER = "https://docs.docker.com/build/building/best-practices/";

function lines(instruction: Instruction): { line: number; endLine: number } {
  const range = instruction.getRange();
  return { line: range.start.line + 1, endLine: range.end.line + 1 };
}

function text(instruction: Instruction): string {
  return instruction.getTextContent();
}

interface Stage {
  from: From;
  instructions: Instruction[];
}

/** Splits the file into build stages: each FROM starts one; instructions before the first FROM (global ARGs) belong to none. */
function stagesOf(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === "FROM") stages.push({ from: instruction as From, instructions: [] });
    else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const ROOT_USER = /^(root|0)(:.*)?$/;
/** Base images that already run as a non-root user unless told otherwise. */
const NON_ROOT_BASE = /(:|-)nonroot\b|\brootless\b|^cgr\.dev\/chainguard\/(?!.*-dev\b)/;

/** The last USER of a stage, following `FROM <earlier stage>` back to the stage it builds on. */
function effectiveUser(stage: Stage, stages: Stage[]): { user: Instruction | null; base: string } {
  const own = stage.instructions.filter((i) => i.getKeyword() === "USER").at(-1);
  if (own) return { user: own, base: stage.from.getImage() ?? "" };
  const image = stage.from.getImage() ?? "";
  const parent = stages.find((s) => s !== stage && s.from.getBuildStage()?.toLowerCase() === image.toLowerCase());
  if (parent && stages.indexOf(parent) < stages.indexOf(stage)) return effectiveUser(parent, stages);
  return { user: null, base: image };
}

function rootUser(entry: AnalyzerFile, stages: Stage[]): Detection[] {
  const final = stages.at(-1);
  if (!final) return [];
  const path = entry.file.path;
  const { user, base } = effectiveUser(final, stages);
  const fix = "Add `RUN useradd --system --uid 10001 app` (or `adduser -S -u 10001 app` on Alpine) and `USER 10001` at the end of the final stage, after the steps that need root.";
  const why = "A process running as root in the container is root on the host as soon as any container escape or mounted-volume mistake happens, and can modify the image's own binaries at runtime.";
  if (user) {
    const name = (user.getArgumentsContent() ?? "").trim();
    if (!ROOT_USER.test(name)) return [];
    const at = lines(user);
    if (!touchesAdded(entry, at.line, at.endLine)) return [];
    return [
      iacDetection({
        ruleId: "iac/dockerfile-root-user",
        severity: "medium",
        path,
        ...at,
        message: `The final stage of \`${path}\` switches to \`USER ${name}\`, so the container runs as root`,
        why,
        matchedText: text(user),
        fix: `Replace \`USER ${name}\` with a non-root user: ${fix}`,
        cwe: "CWE-250",
        references: [CIS_DOCKER],
      }),
    ];
  }
  if (NON_ROOT_BASE.test(base) || !wholeFileKnown(entry)) return [];
  const at = lines(final.from);
  const stageLines = [at, ...final.instructions.map(lines)];
  const changed = entry.file.status === "added" ? stageLines.some((l) => touchesAdded(entry, l.line, l.endLine)) : touchesAdded(entry, at.line, at.endLine);
  if (!changed) return [];
  return [
    iacDetection({
      ruleId: "iac/dockerfile-root-user",
      severity: "medium",
      confidence: "medium",
      path,
      ...at,
      message: `The final stage of \`${path}\` (\`FROM ${base}\`) has no \`USER\` instruction, so the container runs as root`,
      why,
      matchedText: text(final.from),
      fix,
      cwe: "CWE-250",
      references: [CIS_DOCKER],
    }),
  ];
}

/** `curl ... | sh`, `wget -O- ... | bash`, also through sudo or into an interpreter. */
const PIPE_TO_SHELL = /\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?(ba|z|da|k)?sh\b|\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+)?(python3?|perl|ruby|node)\b/;
const CHMOD_WORLD_WRITABLE = /\bchmod\s+(-\w+\s+)*(0?777|[ugoa]*\+rwx|a\+w|o\+w)(\s|$)/;
/** `sudo` used as a command (not `apt-get install sudo`), or a passwordless sudoers entry. */
const SUDO_COMMAND = /(^|[;&|(]\s*|\bthen\s+|\bdo\s+)sudo\s+\S/m;
const SUDO_NOPASSWD = /NOPASSWD\s*:/;

function runChecks(entry: AnalyzerFile, instruction: Instruction): Detection[] {
  const keyword = instruction.getKeyword();
  if (keyword !== "RUN") return [];
  const at = lines(instruction);
  if (!touchesAdded(entry, at.line, at.endLine)) return [];
  const body = instruction.getArgumentsContent() ?? "";
  const path = entry.file.path;
  const found: Detection[] = [];
  const pipe = PIPE_TO_SHELL.exec(body);
  if (pipe) {
    found.push(
      iacDetection({
        ruleId: "iac/dockerfile-curl-pipe-shell",
        severity: "high",
        path,
        ...at,
        message: `\`${path}\` downloads a script and pipes it straight into a shell (\`${pipe[0].trim().slice(0, 80)}\`)`,
        why: "Whatever the server (or anyone in the network path, or whoever takes over the domain) returns at build time runs as root in the image, with no integrity check and no record of what ran.",
        matchedText: text(instruction),
        fix: "Download the script or binary to a file, verify it against a pinned SHA-256 (`echo \"<sha256>  install.sh\" | sha256sum -c -`), then run it; better, install the tool from the distribution's package manager or `COPY --from` an official image.",
        cwe: "CWE-494",
        references: [CIS_DOCKER],
      }),
    );
  }
  const chmod = CHMOD_WORLD_WRITABLE.exec(body);
  if (chmod) {
    found.push(
      iacDetection({
        ruleId: "iac/dockerfile-chmod-777",
        severity: "medium",
        path,
        ...at,
        message: `\`${path}\` makes files world-writable (\`${chmod[0].trim()}\`)`,
        why: "Any process or user in the container can then replace those files, including scripts and binaries that later run with more privilege.",
        matchedText: text(instruction),
        fix: "Give ownership to the runtime user instead (`COPY --chown=10001:10001 ...` or `chown -R 10001 /app`) and use the narrowest mode that works (`chmod 755` for executables, `644` for files).",
        cwe: "CWE-732",
        references: [CIS_DOCKER],
      }),
    );
  }
  if (SUDO_COMMAND.test(body) || SUDO_NOPASSWD.test(body)) {
    const nopasswd = SUDO_NOPASSWD.test(body);
    found.push(
      iacDetection({
        ruleId: "iac/dockerfile-sudo",
        severity: nopasswd ? "high" : "medium",
        path,
        ...at,
        message: nopasswd ? `\`${path}\` grants passwordless sudo (\`NOPASSWD\`) inside the image` : `\`${path}\` uses \`sudo\` in a \`RUN\` step`,
        why: nopasswd
          ? "A passwordless sudo rule turns the non-root USER into root for anyone who gets code execution in the container."
          : "Build steps already run as root until a USER line; `sudo` in an image usually means a sudoers entry that lets the runtime user become root again.",
        matchedText: text(instruction),
        fix: "Run the privileged steps before the `USER` line without `sudo`, and do not install sudo or add sudoers entries in the image.",
        cwe: "CWE-250",
        references: [CIS_DOCKER],
      }),
    );
  }
  return found;
}

function addRemote(entry: AnalyzerFile, instruction: Instruction): Detection[] {
  if (instruction.getKeyword() !== "ADD") return [];
  const at = lines(instruction);
  if (!touchesAdded(entry, at.line, at.endLine)) return [];
  // Flags (`--checksum=sha256:...`) are not arguments in dockerfile-ast; read them from the instruction text.
  if (/\s--checksum=/.test(text(instruction))) return [];
  const args = instruction.getArguments().map((a) => a.getValue());
  const url = args.find((a) => /^(https?|ftp):\/\//i.test(a) || /^git@/.test(a));
  if (!url) return [];
  return [
    iacDetection({
      ruleId: "iac/dockerfile-add-remote-url",
      severity: "medium",
      path: entry.file.path,
      ...at,
      message: `\`${entry.file.path}\` uses \`ADD\` to fetch \`${url}\` without a checksum`,
      why: "`ADD <url>` downloads whatever the server returns at build time, with no integrity check, and caches it invisibly; a compromised or changed download goes straight into the image.",
      matchedText: text(instruction),
      fix: `Pin the download: \`ADD --checksum=sha256:<digest> ${url} <dest>\`, or \`RUN curl -fsSLo <file> ${url} && echo "<sha256>  <file>" | sha256sum -c -\`.`,
      cwe: "CWE-494",
      references: ["https://docs.docker.com/reference/dockerfile/#add---checksum"],
    }),
  ];
}

function secretVariables(entry: AnalyzerFile, instruction: Instruction): Detection[] {
  const keyword = instruction.getKeyword();
  if (keyword !== "ENV" && keyword !== "ARG") return [];
  const at = lines(instruction);
  if (!touchesAdded(entry, at.line, at.endLine)) return [];
  const properties = (instruction as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }).getProperties();
  const found: Detection[] = [];
  for (const property of properties) {
    const name = property.getName();
    if (!SECRET_NAME.test(name) || SECRET_POINTER_NAME.test(name)) continue;
    const value = property.getValue();
    // A value that only forwards a build argument (`ENV TOKEN=$TOKEN`) still bakes it into the image for ENV.
    const literal = value !== null && value !== "" && !/^\$\{?\w+\}?$/.test(value);
    if (keyword === "ENV" && (value === null || value === "")) continue;
    const severity = keyword === "ENV" || literal ? "high" : "medium";
    found.push(
      iacDetection({
        ruleId: "iac/dockerfile-secret-in-env-arg",
        severity,
        path: entry.file.path,
        ...at,
        message:
          keyword === "ENV"
            ? `\`${entry.file.path}\` bakes the secret-looking variable \`${name}\` into the image with \`ENV\``
            : `\`${entry.file.path}\` passes the secret-looking build argument \`${name}\` with \`ARG\`${literal ? " and a hard-coded default" : ""}`,
        why: "`ENV` values ship in every copy of the image (`docker inspect` shows them) and `ARG` values are recorded in the image history, so anyone who can pull the image can read the secret.",
        matchedText: text(instruction),
        fix: `Remove \`${keyword} ${name}\` and pass the secret only to the step that needs it with a BuildKit secret mount: \`RUN --mount=type=secret,id=${name.toLowerCase()} ...\` (built with \`docker build --secret id=${name.toLowerCase()},env=${name}\`); supply runtime secrets through the orchestrator, not the image.`,
        cwe: "CWE-798",
        references: ["https://docs.docker.com/build/building/secrets/", "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/"],
      }),
    );
  }
  return found;
}

function unpinnedBase(entry: AnalyzerFile, stages: Stage[]): Detection[] {
  const found: Detection[] = [];
  const stageNames = new Set(stages.map((s) => s.from.getBuildStage()?.toLowerCase()).filter(Boolean));
  for (const { from } of stages) {
    const at = lines(from);
    if (!touchesAdded(entry, at.line, at.endLine)) continue;
    const image = from.getImage() ?? "";
    if (!image || image.includes("$") || image === "scratch" || stageNames.has(image.toLowerCase())) continue;
    if (from.getImageDigest()) continue;
    const tag = from.getImageTag();
    if (tag && tag !== "latest") continue;
    found.push(
      iacDetection({
        ruleId: "iac/dockerfile-unpinned-base",
        severity: "low",
        path: entry.file.path,
        ...at,
        message: `\`${entry.file.path}\` builds on \`${image}\`, ${tag ? "the moving `latest` tag" : "with no tag (implicitly `latest`)"}`,
        why: "The base image changes under you: builds stop being reproducible and a compromised or breaking upstream push lands in your image on the next build without review.",
        matchedText: text(from),
        fix: `Pin the base image to a version tag and its digest, e.g. \`FROM ${from.getImageName() ?? image}:<version>@sha256:<digest>\` (Dependabot or Renovate can keep the pin current).`,
        cwe: "CWE-829",
        references: [CIS_DOCKER],
      }),
    );
  }
  return found;
}

/** dockerfile-ast (with its language-server types) is loaded only when a PR has a Dockerfile: it is most of the CLI's start-up cost otherwise. */
let parser: Promise<typeof import("dockerfile-ast").DockerfileParser> | undefined;
const loadParser = () => (parser ??= import("dockerfile-ast").then((module) => module.DockerfileParser));

export async function analyzeDockerfile(entry: AnalyzerFile): Promise<Detection[]> {
  const dockerfile = (await loadParser()).parse(entry.text);
  const stages = stagesOf(dockerfile);
  const detections = [...rootUser(entry, stages), ...unpinnedBase(entry, stages)];
  for (const instruction of dockerfile.getInstructions()) {
    detections.push(...runChecks(entry, instruction), ...addRemote(entry, instruction), ...secretVariables(entry, instruction));
  }
  return detections;
}

export const dockerfileAnalyzer: Analyzer = {
  name: "dockerfile",
  perFile: true,
  async analyze({ files }) {
    const dockerfiles = files.filter((entry) => languageForPath(entry.file.path) === "dockerfile");
    return (await Promise.all(dockerfiles.map(analyzeDockerfile))).flat();
  },
};
