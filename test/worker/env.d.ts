/** The bindings `cloudflare:test` exposes: the Worker's own plus the migrations the setup file applies. */
import type { Env as WorkerEnv } from "../../src/worker/env.js";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
  }
}
