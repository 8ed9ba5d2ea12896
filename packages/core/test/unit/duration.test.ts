import { describe, expect, it } from "vitest";
import { assertDuration, durationToMilliseconds, durationToSeconds } from "../../src/duration/index.js";
import { DurableConfigurationError } from "../../src/errors/index.js";

describe("durationToSeconds", () => {
  it("adds up every unit", () => {
    expect(durationToSeconds({ days: 1, hours: 2, minutes: 3, seconds: 4 })).toBe(86_400 + 7_200 + 180 + 4);
  });

  it("does not round", () => {
    expect(durationToSeconds({ seconds: 1.5 })).toBe(1.5);
    expect(durationToSeconds({ minutes: 0.5 })).toBe(30);
  });

  it("converts to milliseconds", () => {
    expect(durationToMilliseconds({ minutes: 1, seconds: 2 })).toBe(62_000);
  });
});

describe("assertDuration", () => {
  it("accepts valid durations", () => {
    expect(() => assertDuration({ seconds: 0 }, "wait duration")).not.toThrow();
    expect(() => assertDuration({ hours: 1, minutes: 30 }, "wait duration")).not.toThrow();
  });

  it.each([
    [undefined, "wait duration"],
    [5, "wait duration"],
    [[], "wait duration"],
    [{}, "none of days"],
    [{ millis: 5 }, "none of days"],
  ])("rejects %o", (value, fragment) => {
    expect(() => assertDuration(value, "wait duration")).toThrow(DurableConfigurationError);
    expect(() => assertDuration(value, "wait duration")).toThrow(fragment);
  });

  it.each([
    [{ seconds: -1 }, '"seconds"'],
    [{ minutes: Number.NaN }, '"minutes"'],
    [{ hours: Number.POSITIVE_INFINITY }, '"hours"'],
    [{ days: "1" }, '"days"'],
  ])("names the bad unit of %o", (value, unit) => {
    expect(() => assertDuration(value, "callback timeout")).toThrow(unit);
    expect(() => assertDuration(value, "callback timeout")).toThrow("callback timeout");
    expect(() => assertDuration(value, "callback timeout")).toThrow("{ minutes: 5 }");
  });
});
