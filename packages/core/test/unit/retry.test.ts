import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DurableConfigurationError } from "../../src/errors/index.js";
import {
  createLinearRetryStrategy,
  createRetryStrategy,
  createWaitStrategy,
  retryPresets,
} from "../../src/retry/index.js";
import { JitterStrategy, type RetryDecision } from "../../src/types/step.js";

const boom = new Error("boom");

function delaySeconds(decision: RetryDecision): number | undefined {
  const delay = decision.delay as { seconds: number } | undefined;
  return delay?.seconds;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createRetryStrategy defaults", () => {
  it("retries twice (3 attempts) with 5 s doubling before jitter", () => {
    vi.spyOn(Math, "random").mockReturnValue(1);
    const strategy = createRetryStrategy();

    expect(strategy(boom, 1)).toEqual({ shouldRetry: true, delay: { seconds: 5 } });
    expect(strategy(boom, 2)).toEqual({ shouldRetry: true, delay: { seconds: 10 } });
    expect(strategy(boom, 3)).toEqual({ shouldRetry: false });
  });

  it("caps the delay at 5 minutes", () => {
    const strategy = createRetryStrategy({ maxAttempts: 20, jitter: JitterStrategy.NONE });

    expect(delaySeconds(strategy(boom, 10))).toBe(300);
  });
});

describe("createRetryStrategy delays", () => {
  it("computes min(initial·rate^(n−1), max) exactly with jitter NONE", () => {
    const strategy = createRetryStrategy({
      maxAttempts: 10,
      initialDelay: { seconds: 2 },
      maxDelay: { seconds: 20 },
      backoffRate: 3,
      jitter: JitterStrategy.NONE,
    });

    expect([1, 2, 3, 4].map((n) => delaySeconds(strategy(boom, n)))).toEqual([2, 6, 18, 20]);
  });

  it("rounds to whole seconds and never goes below 1 s", () => {
    const strategy = createRetryStrategy({ initialDelay: { seconds: 0.2 }, jitter: JitterStrategy.NONE });
    const fractional = createRetryStrategy({ initialDelay: { seconds: 2.6 }, jitter: JitterStrategy.NONE });

    expect(delaySeconds(strategy(boom, 1))).toBe(1);
    expect(delaySeconds(fractional(boom, 1))).toBe(3);
  });

  it("FULL jitter spans [0, d] (then min 1 s)", () => {
    const strategy = createRetryStrategy({ initialDelay: { seconds: 10 }, jitter: JitterStrategy.FULL });
    const random = vi.spyOn(Math, "random");

    random.mockReturnValue(0);
    expect(delaySeconds(strategy(boom, 1))).toBe(1);
    random.mockReturnValue(0.5);
    expect(delaySeconds(strategy(boom, 1))).toBe(5);
    random.mockReturnValue(0.999_999);
    expect(delaySeconds(strategy(boom, 1))).toBe(10);
  });

  it("HALF jitter spans [d/2, d]", () => {
    const strategy = createRetryStrategy({ initialDelay: { seconds: 10 }, jitter: JitterStrategy.HALF });
    const random = vi.spyOn(Math, "random");

    random.mockReturnValue(0);
    expect(delaySeconds(strategy(boom, 1))).toBe(5);
    random.mockReturnValue(0.999_999);
    expect(delaySeconds(strategy(boom, 1))).toBe(10);
  });

  it("keeps every jittered delay within its band for any random value and attempt", () => {
    const full = createRetryStrategy({ maxAttempts: 50, jitter: JitterStrategy.FULL });
    const half = createRetryStrategy({ maxAttempts: 50, jitter: JitterStrategy.HALF });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 49 }),
        (r, n) => {
          vi.spyOn(Math, "random").mockReturnValue(r);
          const base = Math.min(5 * 2 ** (n - 1), 300);
          const fullDelay = delaySeconds(full(boom, n)) ?? Number.NaN;
          const halfDelay = delaySeconds(half(boom, n)) ?? Number.NaN;
          expect(Number.isInteger(fullDelay)).toBe(true);
          expect(fullDelay).toBeGreaterThanOrEqual(1);
          expect(fullDelay).toBeLessThanOrEqual(base);
          expect(halfDelay).toBeGreaterThanOrEqual(Math.floor(base / 2));
          expect(halfDelay).toBeLessThanOrEqual(base);
        },
      ),
    );
  });
});

describe("createRetryStrategy error filters", () => {
  class TimeoutError extends Error {}
  class OtherError extends Error {}

  it("retries every error when no filter is given", () => {
    expect(createRetryStrategy()(new OtherError("anything"), 1).shouldRetry).toBe(true);
  });

  it("matches strings as substrings and RegExps by test", () => {
    const strategy = createRetryStrategy({ retryableErrors: ["rate limit", /time(d)? ?out/i] });

    expect(strategy(new Error("hit the rate limit"), 1).shouldRetry).toBe(true);
    expect(strategy(new Error("Request TIMEOUT"), 1).shouldRetry).toBe(true);
    expect(strategy(new Error("bad input"), 1).shouldRetry).toBe(false);
  });

  it("matches types with instanceof and does not retry everything through the other filter", () => {
    const strategy = createRetryStrategy({ retryableErrorTypes: [TimeoutError] });

    expect(strategy(new TimeoutError("x"), 1).shouldRetry).toBe(true);
    expect(strategy(new OtherError("x"), 1).shouldRetry).toBe(false);
  });

  it("ORs the two filters", () => {
    const strategy = createRetryStrategy({
      retryableErrors: ["network"],
      retryableErrorTypes: [TimeoutError],
    });

    expect(strategy(new TimeoutError("x"), 1).shouldRetry).toBe(true);
    expect(strategy(new OtherError("network down"), 1).shouldRetry).toBe(true);
    expect(strategy(new OtherError("x"), 1).shouldRetry).toBe(false);
  });

  it("judges every error alike with a global RegExp", () => {
    const strategy = createRetryStrategy({ retryableErrors: [/fail/g] });

    expect(strategy(new Error("fail"), 1).shouldRetry).toBe(true);
    expect(strategy(new Error("fail"), 1).shouldRetry).toBe(true);
  });
});

describe("createLinearRetryStrategy", () => {
  it("defaults to 6 attempts, 1 s + 1 s", () => {
    const strategy = createLinearRetryStrategy({ jitter: JitterStrategy.NONE });

    expect([1, 2, 3, 4, 5].map((n) => delaySeconds(strategy(boom, n)))).toEqual([1, 2, 3, 4, 5]);
    expect(strategy(boom, 6)).toEqual({ shouldRetry: false });
  });

  it("caps at maxDelay and applies jitter", () => {
    const strategy = createLinearRetryStrategy({
      maxAttempts: 10,
      initialDelay: { seconds: 10 },
      increment: { seconds: 10 },
      maxDelay: { seconds: 25 },
    });
    vi.spyOn(Math, "random").mockReturnValue(0.5);

    expect([1, 2, 3, 4].map((n) => delaySeconds(strategy(boom, n)))).toEqual([5, 10, 13, 13]);
  });

  it("honours error filters", () => {
    expect(createLinearRetryStrategy({ retryableErrors: ["x"] })(new Error("y"), 1).shouldRetry).toBe(false);
  });
});

describe("retryPresets", () => {
  it("default: 6 attempts, 5 s doubling, capped at 60 s", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);

    expect([1, 2, 3, 4, 5].map((n) => delaySeconds(retryPresets.default(boom, n)))).toEqual([
      5, 10, 20, 40, 60,
    ]);
    expect(retryPresets.default(boom, 6).shouldRetry).toBe(false);
  });

  it("linear: 1, 2, 3, 4, 5 s without jitter", () => {
    expect([1, 2, 3, 4, 5].map((n) => delaySeconds(retryPresets.linear(boom, n)))).toEqual([1, 2, 3, 4, 5]);
    expect(retryPresets.linear(boom, 6).shouldRetry).toBe(false);
  });

  it("noRetry never retries", () => {
    expect(retryPresets.noRetry(boom, 1)).toEqual({ shouldRetry: false });
  });
});

describe("config validation", () => {
  it.each([
    ["maxAttempts 0", { maxAttempts: 0 }, "maxAttempts"],
    ["maxAttempts 1.5", { maxAttempts: 1.5 }, "maxAttempts"],
    ["negative initialDelay", { initialDelay: { seconds: -1 } }, "initialDelay"],
    ["empty maxDelay", { maxDelay: {} as never }, "maxDelay"],
    ["backoffRate 0", { backoffRate: 0 }, "backoffRate"],
    ["backoffRate NaN", { backoffRate: Number.NaN }, "backoffRate"],
    ["unknown jitter", { jitter: "SOME" as JitterStrategy }, "jitter"],
    ["bad retryableErrors", { retryableErrors: [42 as never] }, "retryableErrors"],
    ["bad retryableErrorTypes", { retryableErrorTypes: ["TypeError" as never] }, "retryableErrorTypes"],
  ])("createRetryStrategy rejects %s", (_label, config, fragment) => {
    expect(() => createRetryStrategy(config)).toThrow(DurableConfigurationError);
    expect(() => createRetryStrategy(config)).toThrow(fragment);
  });

  it("createLinearRetryStrategy rejects a negative increment and maxAttempts below 1", () => {
    expect(() => createLinearRetryStrategy({ increment: { seconds: -1 } })).toThrow("increment");
    expect(() => createLinearRetryStrategy({ maxAttempts: -3 })).toThrow(DurableConfigurationError);
  });

  it("createWaitStrategy requires shouldContinuePolling and valid numbers", () => {
    expect(() => createWaitStrategy({} as never)).toThrow("shouldContinuePolling");
    expect(() => createWaitStrategy({ shouldContinuePolling: () => true, backoffRate: -1 })).toThrow(
      "backoffRate",
    );
  });

  it("accepts Infinity attempts", () => {
    expect(createRetryStrategy({ maxAttempts: Number.POSITIVE_INFINITY })(boom, 1000).shouldRetry).toBe(true);
  });
});

describe("createWaitStrategy", () => {
  it("stops as soon as the condition is met", () => {
    const strategy = createWaitStrategy<{ done: boolean }>({ shouldContinuePolling: (s) => !s.done });

    expect(strategy({ done: true }, 1)).toEqual({ shouldContinue: false });
    expect(strategy({ done: true }, 1000)).toEqual({ shouldContinue: false });
  });

  it("polls with 5 s × 1.5 backoff capped at 300 s by default", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const strategy = createWaitStrategy<number>({ shouldContinuePolling: () => true });

    expect(strategy(0, 1)).toEqual({ shouldContinue: true, delay: { seconds: 5 } });
    expect(strategy(0, 3)).toEqual({ shouldContinue: true, delay: { seconds: 11 } }); // 11.25 s before jitter
    expect(strategy(0, 30)).toEqual({ shouldContinue: true, delay: { seconds: 300 } });
  });

  it("throws the official message when the attempts run out", () => {
    const strategy = createWaitStrategy<number>({
      shouldContinuePolling: () => true,
      maxAttempts: 3,
      jitter: "NONE",
    });

    expect(strategy(0, 2)).toEqual({ shouldContinue: true, delay: { seconds: 8 } });
    expect(() => strategy(0, 3)).toThrow(new Error("waitForCondition exceeded maximum attempts (3)"));
  });
});
