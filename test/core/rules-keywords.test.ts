import { describe, expect, it } from "vitest";
import { needsMet, requiredLiterals, requirementsOf, WordFinder } from "../../src/core/rules/keywords.js";
import { parseQuery } from "../../src/core/rules/query-syntax.js";
import { RuleEngine } from "../../src/core/rules/engine.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { BUNDLED_RULES } from "../../src/rules.js";

/** The needs of each top-level pattern of a query, as the engine derives them. */
const patternRequirements = (source: string) => parseQuery(source).map((pattern) => requirementsOf(pattern));
/** Whether some pattern's needs are met by the text, as the engine's prefilter decides per pattern. */
const mayMatch = (requirements: string[][][], text: string) => requirements.some((needs) => needsMet(needs, new WordFinder(requirements.flat(2)).find(text).has));

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

describe("WordFinder", () => {
  const finds = (words: string[], text: string) => {
    const found = new WordFinder(words).find(text);
    const answered = words.filter((word) => found.has(word));
    // `words` lists the same words, each once, in the order the finder was given them.
    expect(found.words).toEqual([...new Set(answered)]);
    return answered;
  };

  it("finds words inside other words, at the same start and sharing an end", () => {
    expect(finds(["exec", "execSync", "Sync", "cSy", "he", "she", "hers", "his"], "child.execSync(cmd); ushers")).toEqual(["exec", "execSync", "Sync", "cSy", "he", "she", "hers"]);
  });

  it("finds a word only where all of it is present, after a partial match", () => {
    expect(finds(["query", "queryRaw", "uer"], "quer queryRa")).toEqual(["query", "uer"]);
    expect(finds(["aab", "ab"], "aaab")).toEqual(["aab", "ab"]);
  });

  it("reads characters outside ASCII and the words' alphabet", () => {
    expect(finds(["größe", "$queryRawUnsafe", "€"], "const größe = 1; db.$queryRawUnsafe(x) // 5 €")).toEqual(["größe", "$queryRawUnsafe", "€"]);
    expect(finds(["größe"], "grösse")).toEqual([]);
  });

  it("answers a word it was not built with from the text itself", () => {
    const found = new WordFinder(["exec"]).find("innerHTML = x");
    expect(found.has("innerHTML")).toBe(true);
    expect(found.has("outerHTML")).toBe(false);
    expect(found.has("")).toBe(true);
    expect(found.words).toEqual([]);
  });

  it("agrees with a substring search on random texts over a small alphabet", () => {
    // A small alphabet makes overlaps and failure links common; the generator is seeded so a failure repeats.
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const text = (length: number) => Array.from({ length }, () => "abc"[random(3)]).join("");
    for (let round = 0; round < 500; round++) {
      const words = Array.from({ length: 1 + random(6) }, () => text(1 + random(4)));
      const sample = text(random(12));
      expect(finds(words, sample), `${JSON.stringify(words)} in ${sample}`).toEqual(words.filter((word) => sample.includes(word)));
    }
  });
});

describe("the words the build writes beside each rule (patternNeeds)", () => {
  it("are the words the engine would read from the rule's own query, pattern by pattern", () => {
    expect(BUNDLED_RULES.length).toBeGreaterThan(0);
    for (const rule of BUNDLED_RULES) expect(rule.patternNeeds, rule.id).toEqual(patternRequirements(rule.query));
  });

  it("are read from the query when a rule comes without them", async () => {
    const { patternNeeds: _written, ...rule } = BUNDLED_RULES.find((r) => r.id === "sql/js-template-query")!;
    const withWords = new RuleEngine([BUNDLED_RULES.find((r) => r.id === "sql/js-template-query")!], nodeGrammarLoader());
    const withoutWords = new RuleEngine([rule], nodeGrammarLoader());
    const text = "const rows = await db.query(`SELECT * FROM users WHERE id = ${req.params.id}`);\nconst names = list.map(String);\n";
    const seen = (matches: Awaited<ReturnType<RuleEngine["run"]>>) => matches.map(({ rule, ...match }) => ({ id: rule.id, ...match }));
    const found = seen(await withoutWords.run("typescript", "src/users.ts", text));
    expect(found.map((m) => m.id)).toEqual(["sql/js-template-query"]);
    expect(found).toEqual(seen(await withWords.run("typescript", "src/users.ts", text)));
    expect(await withoutWords.run("typescript", "src/other.ts", "const names = list.map(String);\n")).toEqual([]);
  });
});
