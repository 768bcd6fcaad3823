/**
 * Peak memory of a large CLI scan. V8 sets the heap's next limit at 1.1 to 4 times what was live at its last
 * full collection, by how fast its collections ran against the program, so a long scan's peak depends on when
 * those collections happen to fall: on the 10 MB bench diff on one thread, 253-275 MiB over this session's runs,
 * and up to 45 MiB more when the rule set was validated at build time instead of at load. Between two batches
 * (scan.ts) the trees of the last batch are freed and little is live, so a full collection there is cheap and
 * sets a low limit: one every 16 batches (about 1 MB of text) kept that diff at 225-228 MiB against 263-269 MiB,
 * in 22.2-22.5 s against 19.9-22.8 s (3 interleaved runs each). V8's `--heap-growing-percent` would bound the
 * growth too, but it is read when the heap is set up: set at run time it changed nothing.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { BATCH_BYTES } from "../core/scan.js";

/** About 1 MB of text between two collections. */
export const BATCHES_PER_COLLECTION = 16;

/** Below this much scanned text a scan has fewer batches than one collection needs: it gets no collector. */
export const COLLECT_MIN_BYTES = BATCHES_PER_COLLECTION * BATCH_BYTES;

/** The collector for a scan of `scannedBytes`, or none for a smaller one. */
export function batchCollectorFor(scannedBytes: number): (() => void) | undefined {
  return scannedBytes >= COLLECT_MIN_BYTES ? batchCollector() : undefined;
}

/**
 * A function to call after each batch, which runs a full collection every `every` calls. It exposes V8's `gc()`
 * through a new context: the flag is only read when a context is created, so it is set back right after. V8
 * keeps its flags' hash in the CLI's code cache (code-cache.ts), which is written after the command: left set,
 * the flag made the next start reject it.
 */
export function batchCollector(every = BATCHES_PER_COLLECTION): () => void {
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as () => void;
  setFlagsFromString("--no-expose-gc");
  let batches = 0;
  return () => {
    batches += 1;
    if (batches % every === 0) collect();
  };
}
