/**
 * Whether a change to V8's flags survives into the CLI's code cache (src/node/code-cache.ts): V8 keeps its flags'
 * hash in cached code and rejects the code when the hash differs, so code cached before `change` runs and read
 * after it tells whether `change` left the flags as they were. A new file name for each compile keeps V8 from
 * reusing what it compiled instead of reading the cache.
 */
import { Script } from "node:vm";

const SOURCE = "function probe() { return 1; }\n";
let probes = 0;

export function cachedCodeAcceptedAfter(change: () => void): boolean {
  probes += 1;
  const cachedData = new Script(SOURCE, { filename: `flag-probe-${probes}-before.js` }).createCachedData();
  change();
  return new Script(SOURCE, { filename: `flag-probe-${probes}-after.js`, cachedData }).cachedDataRejected !== true;
}
