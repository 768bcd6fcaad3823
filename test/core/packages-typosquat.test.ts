/** Typosquat detection against the bundled popular-package list. */
import { describe, expect, it } from "vitest";
import { POPULAR_NAMES, POPULAR_SOURCE } from "../../src/core/packages/popular.js";
import { PopularIndex, editDistance } from "../../src/core/packages/typosquat.js";

const npm = new PopularIndex("npm", POPULAR_NAMES.npm ?? []);
const pypi = new PopularIndex("pypi", POPULAR_NAMES.pypi ?? []);

describe("the bundled popular list", () => {
  it("says where it comes from and when, and holds the names the tests rely on", () => {
    expect(POPULAR_SOURCE.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(POPULAR_SOURCE.source.npm).toMatch(/downloads/);
    expect(POPULAR_NAMES.npm?.length).toBe(3000);
    for (const name of ["express", "lodash", "@types/node", "react"]) expect(npm.isPopular(name)).toBe(true);
    expect(pypi.isPopular("python-dateutil")).toBe(true);
    expect(pypi.isPopular("Python_Dateutil")).toBe(true);
  });
});

describe("typosquats", () => {
  it.each([
    ["expresss", "express", "doubled-character"],
    ["loadsh", "lodash", "swapped-characters"],
    ["expres", "express", "missing-character"],
    ["l0dash", "lodash", "homoglyph"],
    ["\u0435xpress", "express", "homoglyph"],
    ["@types-node/utils", "@types/node", "scope-confusion"],
    ["types-node", "@types/node", "scope-confusion"],
    ["react-domm", "react-dom", "doubled-character"],
    ["reactdom", "react-dom", "separator"],
  ])("npm %s imitates %s (%s)", (name, target, technique) => {
    expect(npm.find(name)).toEqual({ target, technique });
  });

  it("PyPI separator games and normalisation", () => {
    expect(pypi.find("dateutil-python")).toEqual({ target: "python-dateutil", technique: "separator" });
    expect(pypi.find("reqeusts")).toEqual({ target: "requests", technique: "swapped-characters" });
    expect(pypi.find("Requests")).toBeUndefined();
  });

  it.each(["express", "lodash", "@types/node", "zod", "hono", "gatehouse-surely-not-a-real-pkg-4711", "my-company-internal-tool", "ms2"])("%s is not flagged", (name) => {
    expect(npm.find(name)).toBeUndefined();
  });

  it("edit distance counts a transposition as one edit and stops past its limit", () => {
    expect(editDistance("loadsh", "lodash")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });
});
