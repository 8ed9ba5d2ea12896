import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The runtime exports of `@durable-lambda/middy`. */
const EXPORTS = [
  "EarlyTimeoutError",
  "Hazard",
  "NonDurableEvent",
  "NonDurableEventError",
  "WARNING_TYPE",
  "default",
  "durable",
  "durableValidateOptions",
  "isDurableContext",
  "isSuspension",
  "skipOnSuspension",
];

describe("the public surface of @durable-lambda/middy", () => {
  it("exports exactly the listed names", async () => {
    const middy = await import("@durable-lambda/middy");

    expect(Object.keys(middy).sort()).toEqual([...EXPORTS].sort());
  });

  it("names every export in src/index.ts (no export *)", () => {
    const text = readFileSync(join(import.meta.dirname, "../src/index.ts"), "utf8");

    expect(text).not.toMatch(/export \*/);
  });
});
