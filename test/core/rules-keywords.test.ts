import { describe, expect, it } from "vitest";
import { needsMet, requiredLiterals, requirementsOf, wordsIn } from "../../src/core/rules/keywords.js";
import { parseQuery } from "../../src/core/rules/query-syntax.js";

/** The needs of each top-level pattern of a query, as the engine derives them. */
const patternRequirements = (source: string) => parseQuery(source).map((pattern) => requirementsOf(pattern));
/** Whether some pattern's needs are met by the text, as the engine's prefilter decides per pattern. */
const mayMatch = (requirements: string[][][], text: string) => requirements.some((needs) => needsMet(needs, wordsIn(text)));

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

describe("patternRequirements with optional captures", () => {
  it("ignores a top-level predicate on a capture that only some branches or a quantified node declare", () => {
    const source = `
      (call
        function: [(identifier) @callee (attribute attribute: (identifier) @callee)]
        arguments: (argument_list . [
          (binary_operator left: (string) operator: "%")
          (call function: (attribute attribute: (identifier) @_format))
        ] @query)
        (#eq? @_format "format")
        (#match? @callee "^(execute|executemany)$"))
      (block (comment)* @note (expression_statement) @statement
        (#match? @note "^# safe")
        (#eq? @statement "pass"))
      (pair key: [(identifier) (string)] @key value: (_)? @value
        (#eq? @key "verify")
        (#eq? @value "False"))`;
    expect(patternRequirements(source)).toEqual([[["execute", "executemany"]], [["pass"]], [["verify"]]]);
  });

  it("lets a %-formatted query in a file without the word format through the prefilter", () => {
    const source = `(call function: (identifier) @callee arguments: (argument_list . [(string) (call function: (attribute attribute: (identifier) @_format))])
      (#eq? @_format "format") (#eq? @callee "execute"))`;
    expect(mayMatch(patternRequirements(source), `conn.execute("SELECT * FROM audit WHERE actor = '%s'" % user)`)).toBe(true);
  });
});

describe("#file-mentions?", () => {
  it("adds words the file must contain to its pattern only", () => {
    const source = `
      (call_expression function: (identifier) @callee (#file-mentions? "promisify" "execa")) @finding
      (call_expression function: (identifier) @callee (#eq? @callee "exec"))`;
    expect(patternRequirements(source)).toEqual([[["promisify", "execa"]], [["exec"]]]);
  });

  it("is not a word the matched node must contain (the words sit elsewhere in the file)", () => {
    const [mentions, callee] = parseQuery(`
      (call_expression function: (identifier) @callee (#file-mentions? "promisify") (#eq? @callee "run")) @finding
      (call_expression function: (identifier) @callee (#eq? @callee "exec"))`);
    expect(requirementsOf(mentions!, "captures")).toEqual([["run"]]);
    expect(requirementsOf(mentions!)).toEqual([["promisify"], ["run"]]);
    expect(requirementsOf(callee!, "captures")).toEqual([["exec"]]);
  });
});
