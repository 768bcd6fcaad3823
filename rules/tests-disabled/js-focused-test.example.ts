// gatehouse-example-path: src/cart/__tests__/cart.test.ts
// Examples for tests-disabled/js-focused-test. `expect:` lines must fire, `ok:` lines must stay quiet.
import { describe, expect, it, test } from "vitest";
import { Cart } from "../cart";

// expect: tests-disabled/js-focused-test
describe.only("Cart", () => {
  // expect: tests-disabled/js-focused-test
  it.only("adds an item", () => {
    expect(new Cart().add("sku-1").size).toBe(1);
  });

  // expect: tests-disabled/js-focused-test
  test.only.each([
    ["sku-1", 1],
    ["sku-2", 2],
  ])("counts %s", (sku, count) => {
    expect(new Cart().add(sku, count).size).toBe(count);
  });

  // expect: tests-disabled/js-focused-test
  test.describe.only("checkout", () => {});

  // expect: tests-disabled/js-focused-test
  fit("applies a coupon", () => {
    expect(new Cart().applyCoupon("SAVE10").discount).toBe(10);
  });

  // expect: tests-disabled/js-focused-test
  fdescribe("totals", () => {});

  // ok: tests-disabled/js-focused-test
  it("removes an item", () => {
    // ok: tests-disabled/js-focused-test
    expect(new Cart().add("sku-1").remove("sku-1").size).toBe(0);
  });

  // ok: tests-disabled/js-focused-test
  test.each([[1], [2]])("accepts quantity %i", (quantity) => {
    expect(new Cart().add("sku-1", quantity).size).toBe(quantity);
  });

  // ok: tests-disabled/js-focused-test
  const onlyDigits = "123".match(/^\d+$/);
  // ok: tests-disabled/js-focused-test
  const options = { only: true };
  // ok: tests-disabled/js-focused-test
  const fitted = fit(onlyDigits, options);
  // ok: tests-disabled/js-focused-test
  describe("only matters in name", () => {});
  // ok: tests-disabled/js-focused-test
  it.concurrent("runs alongside the others", async () => {});
});

function fit(...values: unknown[]) {
  return values;
}

// The end of a diff hunk that stops inside the test (no closing brackets), as the gate sees it without the full file.
describe("cart totals", () => {
  // expect: tests-disabled/js-focused-test
  it.only("rounds half cents up", () => {
    // expect: tests-disabled/js-focused-test
    fit("rounds half cents down for refunds", () => {
      // ok: tests-disabled/js-focused-test
      const total = new Cart().add("sku-1", 1).total;
