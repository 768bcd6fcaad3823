/** The CLI's collector between batches of a large scan (src/node/batch-collector.ts) runs a real full collection. */
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { batchCollector, batchCollectorFor, COLLECT_MIN_BYTES } from "../../src/node/batch-collector.js";
import { cachedCodeAcceptedAfter } from "../support/v8-flags.js";

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("batchCollector", () => {
  it("collects garbage on every `every`-th call", async () => {
    // A WeakRef's target stays alive until the job that made it ends, so the collection runs in a later task.
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ rows: Array.from({ length: 1000 }, (_, i) => ({ i })) });
    })();
    await nextTask();
    const collect = batchCollector(3);
    collect();
    collect();
    collect();
    await nextTask();
    expect(ref?.deref()).toBeUndefined();
  });

  it("leaves V8's flags as they were, so the code cache written after the command is used by the next start", () => {
    expect(cachedCodeAcceptedAfter(() => batchCollector())).toBe(true);
    // What the check would see with the flag left set.
    try {
      expect(cachedCodeAcceptedAfter(() => setFlagsFromString("--expose-gc"))).toBe(false);
    } finally {
      setFlagsFromString("--no-expose-gc");
    }
  });

  it("is made for scans of at least COLLECT_MIN_BYTES only", () => {
    expect(batchCollectorFor(COLLECT_MIN_BYTES - 1)).toBeUndefined();
    expect(batchCollectorFor(COLLECT_MIN_BYTES)).toBeTypeOf("function");
  });
});
