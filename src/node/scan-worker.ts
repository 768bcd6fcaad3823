/**
 * A worker thread's share of a large CLI scan: the per-file analyzers on the files `shard` names. The main
 * thread runs the analyzers that need the whole change (packages, agent scope) and merges the detections.
 */
import { parentPort, workerData } from "node:worker_threads";
import { detect } from "../core/scan.js";
import { BUNDLED_RULES } from "../rules.js";
import { nodeGrammarLoader } from "./grammars.js";
import type { ShardRequest, ShardReply } from "./parallel-scan.js";

const request = workerData as ShardRequest;
let reply: ShardReply;
try {
  const gathered = await detect(request.changes, request.config, { grammars: nodeGrammarLoader() }, { rules: BUNDLED_RULES, part: "per-file", shard: request.shard });
  reply = { ok: true, ...gathered };
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(reply);
