/**
 * Opt-in check against the live npm registry: `GATEHOUSE_ONLINE=1 npx vitest run test/online` (the lead wires
 * `npm run test:online`). Skipped in the normal run, which must never touch the network.
 */
import { describe, expect, it } from "vitest";
import { createRegistryClient } from "../../src/registry/index.js";

describe.skipIf(!process.env.GATEHOUSE_ONLINE)("live npm registry", () => {
  const registry = createRegistryClient({ timeoutMs: 15_000 });

  it("knows express and its latest version", async () => {
    const answer = await registry.lookup("npm", "express");
    expect(answer.status).toBe("found");
    if (answer.status === "found") expect(answer.metadata.versions[answer.metadata.latest ?? ""]).toBeDefined();
  });

  it("still has the look-alike names the recorded answers and the corpus rely on", async () => {
    for (const name of ["expresss", "expres", "crossenv"]) expect((await registry.lookup("npm", name)).status, name).toBe("found");
  });

  it("does not know a name nobody registered", async () => {
    expect(await registry.lookup("npm", "gatehouse-surely-not-a-real-pkg-4711")).toEqual({ status: "missing" });
  });
});
