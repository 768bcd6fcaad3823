/** The project's zod (src/core/zod.ts) is zod/mini, which loads no error messages of its own: ours are English. */
import { describe, expect, it } from "vitest";
import { z } from "../../src/core/zod.js";

describe("z", () => {
  it("explains a failed parse in English, as the config, CLI flag and webhook errors quote it", () => {
    const result = z.enum(["high", "low"]).safeParse("hgh");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Invalid option: expected one of "high"|"low"');
    expect(z.int().safeParse(1.5).error?.issues[0]?.message).toBe("Invalid input: expected int, received number");
  });
});
