import { DurableConfigurationError } from "../errors/engine-errors.js";
import type { Duration } from "../types/core.js";

/** Seconds per unit of a {@link Duration}. */
export const SECONDS_PER = {
  days: 86_400,
  hours: 3_600,
  minutes: 60,
  seconds: 1,
} as const;
export type DurationUnit = keyof typeof SECONDS_PER;

const MILLISECONDS_PER_SECOND = 1_000 as const;
const DURATION_UNITS = Object.keys(SECONDS_PER) as DurationUnit[];

/**
 * The total length of a {@link Duration} in seconds. Not rounded: `{ seconds: 1.5 }` is `1.5`.
 *
 * @example
 * ```ts
 * durationToSeconds({ hours: 1, minutes: 30 }); // 5400
 * ```
 */
export function durationToSeconds(duration: Duration): number {
  const units = duration as Partial<Record<DurationUnit, number>>;
  return (
    (units.days ?? 0) * SECONDS_PER.days +
    (units.hours ?? 0) * SECONDS_PER.hours +
    (units.minutes ?? 0) * SECONDS_PER.minutes +
    (units.seconds ?? 0)
  );
}

/**
 * The total length of a {@link Duration} in milliseconds. Not rounded.
 *
 * @example
 * ```ts
 * durationToMilliseconds({ seconds: 2 }); // 2000
 * ```
 */
export function durationToMilliseconds(duration: Duration): number {
  return durationToSeconds(duration) * MILLISECONDS_PER_SECOND;
}

/**
 * Checks that a user-supplied value is a {@link Duration}: an object with at least one of `days`,
 * `hours`, `minutes`, `seconds`, each a finite non-negative number. Throws a
 * `DurableConfigurationError` naming `what` and the bad field otherwise.
 *
 * @param what - What the duration is for, used in the message (e.g. `"wait duration"`).
 * @example
 * ```ts
 * assertDuration(config.timeout, "callback timeout");
 * const seconds = durationToSeconds(config.timeout);
 * ```
 */
export function assertDuration(duration: unknown, what: string): asserts duration is Duration {
  const example = "for example { minutes: 5 } or { hours: 1, minutes: 30 }";
  if (typeof duration !== "object" || duration === null || Array.isArray(duration)) {
    throw new DurableConfigurationError(
      `The ${what} must be a Duration object with days, hours, minutes or seconds, ${example}; got ${describe(duration)}.`,
      { option: what },
    );
  }
  const record = duration as Record<string, unknown>;
  let unitCount = 0;
  for (const unit of DURATION_UNITS) {
    const value = record[unit];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new DurableConfigurationError(
        `The ${what} has an invalid "${unit}": ${describe(value)}. Each unit must be a finite number of 0 or ` +
          `more, ${example}.`,
        { option: what },
      );
    }
    unitCount++;
  }
  if (unitCount === 0) {
    throw new DurableConfigurationError(
      `The ${what} has none of days, hours, minutes or seconds (got ${describe(duration)}). Give at least one, ${example}.`,
      { option: what },
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value !== "object" || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
