// gatehouse-example-path: vitest.config.ts
// Examples for tests-disabled/js-test-path-ignored. `expect:` lines must fire, `ok:` lines must stay quiet.
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    exclude: [
      ...configDefaults.exclude,
      // expect: tests-disabled/js-test-path-ignored
      "test/integration/**",
      // ok: tests-disabled/js-test-path-ignored
      "test/fixtures/**",
    ],
    // ok: tests-disabled/js-test-path-ignored
    include: ["test/**/*.test.ts"],
  },
});

export const jestConfig = {
  testPathIgnorePatterns: [
    // ok: tests-disabled/js-test-path-ignored
    "/node_modules/",
    // expect: tests-disabled/js-test-path-ignored
    "<rootDir>/src/auth/__tests__/",
  ],
};

export const playwrightConfig = {
  // expect: tests-disabled/js-test-path-ignored
  testIgnore: "**/checkout.spec.ts",
};

export const build = {
  // ok: tests-disabled/js-test-path-ignored
  exclude: ["test/**"],
};
