/**
 * The CLI's scan of a large diff on several threads. Parsing and querying are CPU-bound and web-tree-sitter is
 * single-threaded, so files are split by size into shares: the main thread analyzes one share and runs the
 * whole-change analyzers, and each other share goes to a worker thread with its own grammars and compiled queries. Findings and ids are the same as a scan on one
 * thread: detections are merged before ids are given, and a file is never split.
 */
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findAbove } from "./find-above.js";
import type { Detection } from "../core/analyzers/analyzer.js";
import type { ChangeSet, ScanNote } from "../core/changes.js";
import type { Config } from "../core/config.js";
import { detect, finishScan, scan, scannedFiles, type ScanOptions, type ScanResult } from "../core/scan.js";
import type { ScanPorts } from "../ports.js";

export interface ShardRequest {
  changes: ChangeSet;
  config: Config;
  shard: { index: number; count: number };
}

export type ShardReply = { ok: true; detections: Detection[]; notes: ScanNote[] } | { ok: false; message: string };

/** Below this much changed text a second thread costs more (its own start-up and grammar compilation) than it saves. */
export const PARALLEL_MIN_BYTES = 1024 * 1024;

export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** dist/scan-worker.mjs (the CLI runs from dist/, tests from src/). */
export function findScanWorker(start = dirname(fileURLToPath(import.meta.url))): string | undefined {
  return findAbove(start, join("dist", "scan-worker.mjs"));
}

export interface ParallelOptions extends ScanOptions {
  jobs: number;
  /** The worker script; by default dist/scan-worker.mjs. */
  worker?: string;
  minBytes?: number;
  /** Told when a thread failed and its files were scanned again on this thread (the CLI prints it on stderr). */
  warn?: (message: string) => void;
}

export async function scanInParallel(changes: ChangeSet, config: Config, ports: ScanPorts, options: ParallelOptions): Promise<ScanResult> {
  const started = Date.now();
  const worker = options.worker ?? findScanWorker();
  const { bytes } = scannedFiles(changes, config);
  if (options.jobs <= 1 || !worker || bytes < (options.minBytes ?? PARALLEL_MIN_BYTES)) return scan(changes, config, ports, options);

  const count = options.jobs;
  // Shard 0 stays on this thread, beside the whole-change analyzers: one thread fewer to start and to feed a
  // copy of the change (memory), and this thread would otherwise only wait.
  const forWorkers = perFileView(changes);
  const shards = Array.from({ length: count - 1 }, (_, i) => runShard(worker, { changes: forWorkers, config, shard: { index: i + 1, count } }));
  const wholeChange = await detect(changes, config, ports, { ...options, part: "whole-change" });
  const own = await detect(changes, config, ports, { ...options, part: "per-file", shard: { index: 0, count } });
  const detections = [...wholeChange.detections, ...own.detections];
  const notes = [...wholeChange.notes, ...own.notes];
  for (const [i, pending] of shards.entries()) {
    const index = i + 1;
    const reply = await pending;
    if (reply.ok) {
      detections.push(...reply.detections);
      notes.push(...reply.notes);
      continue;
    }
    // A thread that failed must not drop its files: they are scanned again on this thread.
    options.warn?.(`scan thread ${index} of ${count} failed (${reply.message}); its files were scanned again on the main thread, so nothing was skipped.`);
    const again = await detect(changes, config, ports, { ...options, part: "per-file", shard: { index, count } });
    detections.push(...again.detections);
    notes.push(...again.notes);
  }
  return finishScan(changes, config, { detections, notes }, started);
}

/**
 * What the per-file analyzers read of the change, for copying to a thread: the old side of each hunk (only the
 * package analyzer, which stays on the main thread, reads it) is left out, and so are the hunks of a file whose
 * whole new text is known. A copy per thread of a 10 MB diff is otherwise tens of MB.
 */
export function perFileView(changes: ChangeSet): ChangeSet {
  return {
    ...changes,
    files: changes.files.map((file) => ({
      ...file,
      hunks: file.newText !== undefined ? [] : file.hunks.map((hunk) => ({ newStart: hunk.newStart, lines: hunk.lines })),
    })),
  };
}

/** worker_threads is loaded only for a scan that uses threads: a small scan, the CLI's usual one, never does (~3 ms). */
async function runShard(path: string, request: ShardRequest): Promise<ShardReply> {
  const { Worker } = await import("node:worker_threads");
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reply: ShardReply) => {
      if (settled) return;
      settled = true;
      resolve(reply);
    };
    const thread = new Worker(path, { workerData: request });
    thread.once("message", (reply: ShardReply) => settle(reply));
    thread.once("error", (error) => settle({ ok: false, message: error.message }));
    thread.once("exit", (code) => settle({ ok: false, message: `the scan thread exited with code ${code} before answering` }));
  });
}
