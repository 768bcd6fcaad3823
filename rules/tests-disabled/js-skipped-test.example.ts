// gatehouse-example-path: tests/checkout.spec.ts
// Examples for tests-disabled/js-skipped-test. `expect:` lines must fire, `ok:` lines must stay quiet.
import { expect, test } from "@playwright/test";
import { describe, it } from "vitest";

// expect: tests-disabled/js-skipped-test
describe.skip("refunds", () => {
  // expect: tests-disabled/js-skipped-test
  it.skip("refunds a paid order", async () => {});
  // expect: tests-disabled/js-skipped-test
  xit("refunds a partially shipped order", async () => {});
});

// expect: tests-disabled/js-skipped-test
xdescribe("invoices", () => {});

// expect: tests-disabled/js-skipped-test
it.todo("charges VAT for EU customers", () => {
  expect(vat("DE", 100)).toBe(19);
});

// expect: tests-disabled/js-skipped-test
describe.skip.each([["EUR"], ["USD"]])("currency %s", () => {});

// expect: tests-disabled/js-skipped-test
it.skipIf(true)("handles a declined card", () => {});

test("pays with a saved card", async ({ page }) => {
  // expect: tests-disabled/js-skipped-test
  test.skip();
  await page.goto("/checkout");
});

// expect: tests-disabled/js-skipped-test
test.fixme("pays with a gift card", async ({ page }) => {
  await page.goto("/checkout");
});

test("pays with Apple Pay", async ({ page, browserName }) => {
  // ok: tests-disabled/js-skipped-test
  test.skip(browserName !== "webkit", "Apple Pay only exists in Safari");
  await page.goto("/checkout");
});

// ok: tests-disabled/js-skipped-test
it.skipIf(process.platform === "win32")("uses POSIX file permissions", () => {});
// ok: tests-disabled/js-skipped-test
describe.runIf(process.env.STRIPE_TEST_KEY)("stripe integration", () => {});
// ok: tests-disabled/js-skipped-test
const itOnLinux = process.platform === "linux" ? it : it.skip;
// ok: tests-disabled/js-skipped-test
it("skips nothing", () => expect([1, 2].slice(1)).toEqual([2]));
// ok: tests-disabled/js-skipped-test
test.describe("checkout", () => {});
// ok: tests-disabled/js-skipped-test
const rows = stream.skip(10);
// ok: tests-disabled/js-skipped-test
test.skip(({ browserName }) => browserName === "firefox", "Firefox has no Web Payments");
// ok: tests-disabled/js-skipped-test
describe("skip list", () => {});
// A placeholder for a test not written yet: nothing that ran stops running.
// ok: tests-disabled/js-skipped-test
it.todo("refunds store credit");
// ok: tests-disabled/js-skipped-test
test.todo(`exports credit notes`);

// The end of a diff hunk that stops inside the test (no closing brackets), as the gate sees it without the full file.
describe("refund emails", () => {
  // expect: tests-disabled/js-skipped-test
  it.skip("sends the refund receipt", async () => {
    // expect: tests-disabled/js-skipped-test
    xit("sends the refund receipt twice", async function () {
      const sent = await refund("order-1");
