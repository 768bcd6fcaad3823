import { describe, expect, it } from "vitest";
import { mayMatch, patternRequirements, requiredLiterals } from "../../src/core/rules/keywords.js";

describe("requiredLiterals", () => {
  it("names the alternatives of an anchored group", () => {
    expect(requiredLiterals("^(query|execute|raw|\\$queryRawUnsafe)$")).toEqual(["query", "execute", "raw", "$queryRawUnsafe"]);
  });
  it("keeps only the literal prefix before a class or an optional part", () => {
    expect(requiredLiterals("^exec(Sync)?$")).toEqual(["exec"]);
    expect(requiredLiterals("^spawns?$")).toEqual(["spawn"]);
    expect(requiredLiterals("rejectUnauthorized\\s*:")).toEqual(["rejectUnauthorized"]);
  });
  it("gives up where a match could contain none of its words", () => {
    expect(requiredLiterals("(?i)select")).toBeNull();
    expect(requiredLiterals("^\\w+$")).toBeNull();
    expect(requiredLiterals("^(foo)?bar$")).toEqual(["bar"]);
    expect(requiredLiterals("^(a|\\d+)$")).toBeNull();
  });
});

describe("mayMatch", () => {
  it("needs every predicate of some pattern to find one of its words", () => {
    const requirements = [[["query", "execute"], ["SELECT"]], [["eval"]]];
    expect(mayMatch(requirements, "db.query('SELECT 1')")).toBe(true);
    expect(mayMatch(requirements, "db.query('x')")).toBe(false);
    expect(mayMatch(requirements, "eval(x)")).toBe(true);
    expect(mayMatch([[]], "anything")).toBe(true);
  });
});

describe("patternRequirements", () => {
  it("reads the predicates of each top-level pattern from the query source", () => {
    const source = `
      ; a comment with (#eq? @x "ignored")
      (call_expression function: (identifier) @callee arguments: (_) @args
        (#match? @callee "^(exec|execSync)$")
        (#not-match? @args "^\\"safe\\"$")) @finding
      [ (a) (b (#eq? @y "branch-only")) ] @alternation
      (pair key: (_) @k (#any-of? @k "verify" "ssl_verify") (#eq? @k @other))`;
    expect(patternRequirements(source)).toEqual([[["exec", "execSync"]], [], [["verify", "ssl_verify"]]]);
  });
});

describe("requiredLiterals past optional atoms", () => {
  it("skips an optional quote class before a quoted key", () => {
    expect(requiredLiterals(`^["']?(rejectUnauthorized|strictSSL)["']?$`)).toEqual(["rejectUnauthorized", "strictSSL"]);
    expect(requiredLiterals("^(?:async )?(exec)$")).toEqual(["exec"]);
    expect(requiredLiterals("^a?$")).toBeNull();
  });
});
