import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations("./migrations");

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/worker/**", "test/online/**"],
        },
      },
      {
        // Opt-in (`npm run test:online`): a few real names against the live npm registry.
        test: { name: "online", include: ["test/online/**/*.test.ts"] },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["./test/worker/support/apply-migrations.ts"],
          // The first scan in an isolate compiles every rule query (a few seconds under workerd).
          testTimeout: 60_000,
        },
      },
    ],
  },
});
