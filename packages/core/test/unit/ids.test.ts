import { describe, expect, it } from "vitest";
import { hashOperationId } from "../../src/ids/index.js";

describe("hashOperationId", () => {
  it.each([
    ["1", "c4ca4238a0b92382"],
    ["2", "c81e728d9d4c2f63"],
    ["1-1", "ea66c06c1e1c05fa"],
    ["2-1", "8fbdbf5573b18fae"],
  ])("hashes %s to %s", (id, expected) => {
    expect(hashOperationId(id)).toBe(expected);
  });

  it("returns the same value on repeated calls and after the memo is cleared", () => {
    const first = hashOperationId("3-1-2");
    for (let i = 0; i < 10_001; i++) hashOperationId(`fill-${i}`);

    expect(hashOperationId("3-1-2")).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
  });
});
