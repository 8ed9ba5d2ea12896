import { describe, expect, it } from "vitest";
import { VirtualClock } from "../src/index.js";

describe("VirtualClock", () => {
  it("starts at the configured time and follows real time", () => {
    const start = Date.UTC(2031, 5, 1);
    const clock = new VirtualClock({ start: new Date(start) });
    const first = clock.now();
    expect(first).toBeGreaterThanOrEqual(start);
    expect(first - start).toBeLessThan(1_000);
    expect(clock.now()).toBeGreaterThanOrEqual(first);
    expect(clock.date()).toBeInstanceOf(Date);
  });

  it("starts at the real time by default", () => {
    const before = Date.now();
    const now = new VirtualClock().now();
    expect(now).toBeGreaterThanOrEqual(before - 1);
    expect(now).toBeLessThanOrEqual(Date.now() + 1);
  });

  it("skips ahead with advanceBy and advanceTo, and never goes back", () => {
    const clock = new VirtualClock({ start: 0 });
    const afterSkip = clock.advanceBy(60_000);
    expect(afterSkip).toBeGreaterThanOrEqual(60_000);
    expect(clock.skippedMs).toBe(60_000);
    const target = clock.now() + 3_600_000;
    expect(clock.advanceTo(target)).toBeGreaterThanOrEqual(target);
    const skipped = clock.skippedMs;
    expect(clock.advanceTo(0)).toBeGreaterThanOrEqual(target);
    expect(clock.skippedMs).toBe(skipped);
  });

  it("tells listeners about every forward jump until they unsubscribe", () => {
    const clock = new VirtualClock({ start: 0 });
    const seen: number[] = [];
    const stop = clock.onAdvance((now) => seen.push(now));
    clock.advanceBy(10);
    clock.advanceBy(0);
    clock.advanceTo(0);
    stop();
    clock.advanceBy(10);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThanOrEqual(10);
  });

  it("rejects invalid input", () => {
    expect(() => new VirtualClock({ start: Number.NaN })).toThrow(RangeError);
    expect(() => new VirtualClock().advanceBy(-1)).toThrow(/non-negative/);
    expect(() => new VirtualClock().advanceTo(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});
