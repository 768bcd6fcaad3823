/** The manifest and lockfile parsers: names, versions, sections and the exact lines, on whole files and on hunks. */
import { describe, expect, it } from "vitest";
import { parseUnifiedDiff, sparseText } from "../../src/core/diff.js";
import { oldSideText } from "../../src/core/packages/base.js";
import type { DeclaredDependency, DependencyFileInput } from "../../src/core/packages/dependency.js";
import { compareVersions, versionFloor } from "../../src/core/packages/resolve.js";
import { parseDependencyFile } from "../../src/core/packages/parse.js";

const whole = (path: string, lines: string[]): DependencyFileInput => ({ path, text: lines.join("\n"), full: true, segmentStarts: new Set([1]) });
const parse = (path: string, lines: string[]) => {
  const parsed = parseDependencyFile(whole(path, lines));
  if (!parsed) throw new Error(`${path} was not recognised`);
  return parsed;
};
const summary = (path: string, lines: string[]) => parse(path, lines).dependencies.map((d) => `${d.line} ${d.name} ${d.spec}${d.exactVersion ? ` =${d.exactVersion}` : ""}${d.nonRegistry ? " (non-registry)" : ""}`);

describe("package.json", () => {
  const file = [
    "{",
    '  "name": "app",',
    '  "scripts": { "build": "tsc" },',
    '  "dependencies": {',
    '    "express": "^4.19.2",',
    '    "lodash": "4.17.15",',
    '    "local": "file:../local",',
    '    "@scope/pkg": "~1.2.0"',
    "  },",
    '  "devDependencies": {',
    '    "vitest": "4.1.12"',
    "  },",
    '  "overrides": {',
    '    "foo": { "dependencies": { "bar": "1.0.0" } }',
    "  },",
    '  "engines": { "node": ">=20" },',
    '  "config": {',
    '    "port": "8080"',
    "  }",
    "}",
  ];

  it("reads every dependency section with its line, and nothing else", () => {
    expect(summary("package.json", file)).toEqual([
      "5 express ^4.19.2",
      "6 lodash 4.17.15 =4.17.15",
      "7 local file:../local (non-registry)",
      "8 @scope/pkg ~1.2.0",
      "11 vitest 4.1.12 =4.1.12",
    ]);
    expect(parse("package.json", file).dependencies[4]?.section).toBe("devDependencies");
  });

  it("reads a hunk whose section header is outside it only when the line reads like a dependency", () => {
    const diff = [
      "diff --git a/package.json b/package.json",
      "--- a/package.json",
      "+++ b/package.json",
      "@@ -30,2 +30,4 @@",
      '     "chalk": "^5.3.0",',
      '+    "left-padd": "^1.0.0",',
      '+    "start": "node server.js",',
      '     "zod": "^4.0.0"',
      "",
    ].join("\n");
    const changes = parseUnifiedDiff(diff);
    const file = changes.files[0];
    if (!file) throw new Error("no file");
    const parsed = parseDependencyFile({ path: file.path, text: sparseText(file), full: false, segmentStarts: new Set(file.hunks.map((h) => h.newStart)) });
    expect(parsed?.dependencies.map((d) => `${d.line} ${d.name}`)).toEqual(["30 chalk", "31 left-padd", "33 zod"]);
  });

  it("reports invalid JSON instead of silently reading nothing", () => {
    expect(parse("package.json", ["{", '  "dependencies": {', '    "a": "1.0.0",', "}"]).problems[0]).toMatch(/not valid JSON/);
  });
});

describe("npm lockfiles", () => {
  it("package-lock.json v3: entries, nested copies, links and download locations", () => {
    const lock = [
      "{",
      '  "name": "app",',
      '  "lockfileVersion": 3,',
      '  "packages": {',
      '    "": {',
      '      "dependencies": { "lodash": "^4.17.15" }',
      "    },",
      '    "node_modules/lodash": {',
      '      "version": "4.17.15",',
      '      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz",',
      '      "integrity": "sha512-x"',
      "    },",
      '    "node_modules/a/node_modules/@scope/b": {',
      '      "version": "2.0.0",',
      '      "dev": true',
      "    },",
      '    "node_modules/ws-lib": {',
      '      "resolved": "packages/ws-lib",',
      '      "link": true',
      "    }",
      "  }",
      "}",
    ];
    const parsed = parse("package-lock.json", lock);
    expect(parsed.kind).toBe("lockfile");
    expect(parsed.dependencies.map((d) => `${d.line} ${d.name} ${d.spec} [${d.lines.join(",")}]${d.nonRegistry ? " (non-registry)" : ""}`)).toEqual([
      "8 lodash 4.17.15 [8,9]",
      "13 @scope/b 2.0.0 [13,14]",
      "17 ws-lib (linked) [17] (non-registry)",
    ]);
    expect(parsed.dependencies[0]?.resolved).toBe("https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz");
  });

  it("package-lock.json v1 is named as unsupported", () => {
    expect(parse("package-lock.json", ["{", '  "lockfileVersion": 1,', '  "dependencies": {}', "}"]).problems[0]).toMatch(/lockfileVersion 1/);
  });

  it("pnpm-lock.yaml v9 and v6 entries, once per version", () => {
    const v9 = ["lockfileVersion: '9.0'", "importers:", "  .:", "    dependencies:", "      lodash:", "        specifier: ^4.17.15", "        version: 4.17.15", "packages:", "  lodash@4.17.15:", "    resolution: {integrity: sha512-x}", "  '@babel/core@7.24.0':", "    resolution: {integrity: sha512-y}", "snapshots:", "  lodash@4.17.15: {}", "  '@babel/core@7.24.0(supports-color@8.1.1)':", "    dependencies: {}"];
    expect(summary("pnpm-lock.yaml", v9)).toEqual(["9 lodash 4.17.15 =4.17.15", "11 @babel/core 7.24.0 =7.24.0"]);
    const v6 = ["lockfileVersion: '6.0'", "packages:", "  /lodash@4.17.21:", "    resolution: {integrity: sha512-x}", "  /@types/node@20.11.5:", "    dev: true"];
    expect(summary("pnpm-lock.yaml", v6)).toEqual(["3 lodash 4.17.21 =4.17.21", "5 @types/node 20.11.5 =20.11.5"]);
  });

  it("yarn.lock classic and Berry", () => {
    const classic = ["# yarn lockfile v1", "", 'lodash@^4.17.15, lodash@^4.17.19:', '  version "4.17.21"', '  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#abc"', "", '"@babel/core@^7.0.0":', '  version "7.24.0"'];
    expect(summary("yarn.lock", classic)).toEqual(["3 lodash 4.17.21 =4.17.21", "7 @babel/core 7.24.0 =7.24.0"]);
    const berry = ["__metadata:", "  version: 8", "", '"lodash@npm:^4.17.15":', "  version: 4.17.21", '  resolution: "lodash@npm:4.17.21"', "", '"app@workspace:.":', "  version: 0.0.0-use.local"];
    expect(summary("yarn.lock", berry)).toEqual(["4 lodash 4.17.21 =4.17.21", "8 app 0.0.0-use.local =0.0.0-use.local (non-registry)"]);
  });
});

describe("Python files", () => {
  it("requirements.txt: pins, extras, markers, hashes, includes and index options", () => {
    const lines = [
      "# app requirements",
      "-r base.txt",
      "--extra-index-url https://pypi.internal.example/simple",
      "requests[socks]==2.31.0 ; python_version >= '3.8'",
      "Django>=4.2,<5  # LTS",
      "urllib3==2.2.1 \\",
      "    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000",
      "-e ./vendored/lib",
      "mylib @ https://example.com/mylib-1.0.tar.gz",
      "numpy",
    ];
    const parsed = parse("requirements-dev.txt", lines);
    expect(parsed.dependencies.map((d) => `${d.line} ${d.name} ${d.spec}${d.exactVersion ? ` =${d.exactVersion}` : ""}${d.nonRegistry ? " (non-registry)" : ""}`)).toEqual([
      "4 requests ==2.31.0 =2.31.0",
      "5 django >=4.2,<5",
      "6 urllib3 ==2.2.1 =2.2.1",
      "9 mylib @ https://example.com/mylib-1.0.tar.gz (non-registry)",
      "10 numpy *",
    ]);
    expect(parsed.problems[0]).toMatch(/includes `base.txt`/);
    expect(parsed.extraIndexLines).toEqual([3]);
  });

  it("pyproject.toml: PEP 621 arrays and Poetry tables", () => {
    const lines = [
      "[project]",
      'name = "app"',
      "dependencies = [",
      '  "httpx>=0.27",',
      '  "pydantic==2.7.1",',
      "]",
      "",
      "[project.optional-dependencies]",
      'cli = ["typer>=0.12"]',
      "",
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      'fastapi = "^0.110"',
      'uvicorn = { version = "0.29.0", extras = ["standard"] }',
      'internal = { git = "https://example.com/internal.git" }',
      "",
      "[tool.poetry.group.dev.dependencies]",
      'pytest = "8.1.1"',
      "",
      "[tool.ruff]",
      'line-length = "100"',
    ];
    expect(summary("pyproject.toml", lines)).toEqual([
      "4 httpx >=0.27",
      "5 pydantic ==2.7.1 =2.7.1",
      "9 typer >=0.12",
      "13 fastapi ^0.110",
      "14 uvicorn 0.29.0 =0.29.0",
      '15 internal { git = "https://example.com/internal.git" } (non-registry)',
      "18 pytest 8.1.1 =8.1.1",
    ]);
    expect(parse("pyproject.toml", ["[project", "x = 1"]).problems[0]).toMatch(/not valid TOML/);
  });

  it("Pipfile and poetry.lock", () => {
    expect(summary("Pipfile", ["[[source]]", 'url = "https://pypi.org/simple"', "", "[packages]", 'requests = "==2.31.0"', 'flask = "*"', "", "[dev-packages]", 'black = {version = ">=24.0"}'])).toEqual([
      "5 requests ==2.31.0 =2.31.0",
      "6 flask *",
      "9 black >=24.0",
    ]);
    const lock = ["[[package]]", 'name = "certifi"', 'version = "2024.2.2"', 'description = "x"', "", "[[package]]", 'name = "Jinja2"', 'version = "3.1.3"'];
    expect(parse("poetry.lock", lock).dependencies.map((d) => `${d.line} ${d.name} ${d.exactVersion} [${d.lines.join(",")}]`)).toEqual(["2 certifi 2024.2.2 [2,3]", "7 jinja2 3.1.3 [7,8]"]);
  });
});

describe("Go and Rust files", () => {
  it("go.mod: single and block requires, not replace or exclude", () => {
    const lines = [
      "module example.com/app",
      "",
      "go 1.22",
      "",
      "require github.com/google/uuid v1.6.0",
      "",
      "require (",
      "\tgolang.org/x/crypto v0.21.0",
      "\tgithub.com/pkg/errors v0.9.1 // indirect",
      ")",
      "",
      "replace github.com/old/mod v1.0.0 => github.com/new/mod v1.1.0",
      "exclude (",
      "\tgithub.com/bad/mod v0.1.0",
      ")",
    ];
    expect(summary("go.mod", lines)).toEqual(["5 github.com/google/uuid v1.6.0 =v1.6.0", "8 golang.org/x/crypto v0.21.0 =v0.21.0", "9 github.com/pkg/errors v0.9.1 =v0.9.1"]);
  });

  it("Cargo.toml: plain and inline versions, renames, paths, dotted tables, workspace inheritance", () => {
    const lines = [
      "[package]",
      'name = "app"',
      'version = "0.1.0"',
      "",
      "[dependencies]",
      'serde = { version = "1.0", features = ["derive"] }',
      'rand = "=0.8.5"',
      'mylocal = { path = "../mylocal" }',
      'tok = { package = "tokio", version = "1" }',
      "anyhow = { workspace = true }",
      "",
      "[dev-dependencies.criterion]",
      'version = "0.5"',
      "",
      "[target.'cfg(unix)'.dependencies]",
      'libc = "0.2"',
    ];
    expect(summary("Cargo.toml", lines)).toEqual([
      "6 serde 1.0",
      "7 rand =0.8.5 =0.8.5",
      '8 mylocal { path = "../mylocal" } (non-registry)',
      "9 tokio 1",
      "13 criterion 0.5",
      "16 libc 0.2",
    ]);
  });

  it("Cargo.lock: registry packages only, not the workspace's own crates", () => {
    const lines = ["version = 3", "", "[[package]]", 'name = "app"', 'version = "0.1.0"', "", "[[package]]", 'name = "serde"', 'version = "1.0.197"', 'source = "registry+https://github.com/rust-lang/crates.io-index"'];
    expect(summary("Cargo.lock", lines)).toEqual(["8 serde 1.0.197 =1.0.197"]);
  });

  it("ignores files that are not dependency files", () => {
    expect(parseDependencyFile(whole("src/package.ts", ['"express": "^4"']))).toBeUndefined();
    expect(parseDependencyFile(whole("go.sum", ["x"]))?.kind).toBe("lockfile");
  });
});

describe("the base side of a diff", () => {
  it("places each hunk's removed and context lines at their old line numbers, and parses them", () => {
    const diff = [
      "diff --git a/requirements.txt b/requirements.txt",
      "--- a/requirements.txt",
      "+++ b/requirements.txt",
      "@@ -2,2 +2,2 @@",
      " httpx==0.27.2",
      "-requests==2.32.3",
      "+requests==2.31.0",
      "@@ -9,1 +9,2 @@",
      " tenacity==9.0.0",
      "+rich==13.9.4",
      "",
    ].join("\n");
    const file = parseUnifiedDiff(diff).files[0];
    if (!file) throw new Error("no file");
    const old = oldSideText(file);
    expect(old?.text.split("\n")).toEqual(["", "httpx==0.27.2", "requests==2.32.3", "", "", "", "", "", "tenacity==9.0.0"]);
    expect([...(old?.starts ?? [])]).toEqual([2, 9]);
    const before = parseDependencyFile({ path: file.path, text: old?.text ?? "", full: false, segmentStarts: old?.starts ?? new Set() });
    expect(before?.dependencies.map((d) => `${d.line} ${d.name} ${d.spec}`)).toEqual(["2 httpx ==0.27.2", "3 requests ==2.32.3", "9 tenacity ==9.0.0"]);
  });

  it("reads the lowest version a declaration allows, per ecosystem", () => {
    const floor = (ecosystem: DeclaredDependency["ecosystem"], spec: string, exactVersion?: string) =>
      versionFloor({ ecosystem, name: "x", spec, ...(exactVersion ? { exactVersion } : {}), path: "p", line: 1, lines: [1], source: "manifest", text: "" });
    expect(floor("npm", "^4.17.21")).toBe("4.17.21");
    expect(floor("npm", "*")).toBeUndefined();
    expect(floor("pypi", ">=2.31,<3")).toBe("2.31");
    expect(floor("pypi", "<3")).toBeUndefined();
    expect(floor("crates", "1.0")).toBe("1.0.0");
    expect(compareVersions("pypi", "2.32.0rc1", "2.32.0")).toBe(-1);
    expect(compareVersions("pypi", "2.10", "2.9.1")).toBe(1);
    expect(compareVersions("go", "v1.5.0", "v1.6.0")).toBe(-1);
  });
});
