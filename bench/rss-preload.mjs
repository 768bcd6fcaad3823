// Loaded with `node --import` by the benchmark: reports the process's peak resident memory when it exits,
// so whole-process numbers include startup, parsing and output.
import { writeFileSync } from "node:fs";

const target = process.env.GATEHOUSE_BENCH_RSS_FILE;
if (target) process.on("exit", () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
