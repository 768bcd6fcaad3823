/**
 * The cache every registry client reads through. Values are JSON-serialisable answers; each write says how long
 * it stays fresh. The Worker passes a Cache API / D1 implementation and the CLI a file cache; this in-memory one
 * serves tests and short-lived processes.
 */
export interface RegistryCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}

/** How long answers stay fresh. A missing name is re-checked soon: someone may register it any minute. */
export const REGISTRY_TTL_SECONDS = { found: 60 * 60, missing: 10 * 60, advisories: 60 * 60 } as const;

export class MemoryCache implements RegistryCache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string): Promise<unknown> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: dropping the first key drops the oldest write.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expires: this.now() + ttlSeconds * 1000 });
  }
}
