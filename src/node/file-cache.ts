/** The CLI's registry cache: one JSON file per key under a cache folder, so repeated scans skip the network. */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { RegistryCache } from "../registry/index.js";

export function defaultCacheDir(): string {
  return process.env.GATEHOUSE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "gatehouse");
}

export class FileCache implements RegistryCache {
  constructor(
    private readonly dir: string = defaultCacheDir(),
    private readonly now: () => number = Date.now,
  ) {}

  private file(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
  }

  async get(key: string): Promise<unknown> {
    try {
      const entry = JSON.parse(await readFile(this.file(key), "utf8")) as { key: string; expires: number; value: unknown };
      return entry.key === key && entry.expires > this.now() ? entry.value : undefined;
    } catch {
      return undefined; // missing or unreadable: a cache miss, never an error
    }
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(this.file(key), JSON.stringify({ key, expires: this.now() + ttlSeconds * 1000, value }));
    } catch {
      // A read-only home directory must not fail the scan; the answer is simply not cached.
    }
  }
}
