import { durationToSeconds } from "../duration/index.js";
import { DurableConfigurationError } from "../errors/index.js";
import type { Duration } from "../types/core.js";
import { DurablePromise } from "./durable-promise.js";

function ignore(): void {}

/**
 * Splits the arguments of an overload with an optional leading name: `(name, main, config)` when
 * `named`, `(main, config)` otherwise. Returns `[name, main, config]`, uncast.
 */
export function splitName(
  named: boolean,
  first: unknown,
  second: unknown,
  third?: unknown,
): [string | undefined, unknown, unknown] {
  return named ? [first as string | undefined, second, third] : [undefined, first, second];
}

/** A short description of a wrong argument, for error messages ("a function", "string \"x\""). */
export function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * The error for a wrong argument: `<call> needs <needs>, but got <value>. <usage>`.
 *
 * @param call - The method called, as users write it (`"context.step()"`).
 * @param needs - What the argument should be (`"a function to run"`).
 * @param usage - How to call the method correctly.
 */
export function argumentError(
  call: string,
  needs: string,
  value: unknown,
  usage: string,
): DurableConfigurationError {
  return new DurableConfigurationError(`${call} needs ${needs}, but got ${describe(value)}. ${usage}`);
}

/**
 * Throws a {@link DurableConfigurationError} unless `value` is a function (parameters as for
 * {@link argumentError}).
 *
 * @throws {@link DurableConfigurationError} when `value` is not a function.
 */
export function requireFunction(
  value: unknown,
  call: string,
  needs: string,
  usage: string,
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") throw argumentError(call, needs, value, usage);
}

/** A `DurablePromise` already rejected with `error` (bad arguments): nothing is checkpointed. */
export function rejectedOperation<T>(error: unknown): DurablePromise<T> {
  const rejected = Promise.reject(error) as Promise<T>;
  rejected.catch(ignore);
  return new DurablePromise<T>(() => rejected);
}

/**
 * Runs `start`, which checks the arguments of an operation call and then starts it. A check that
 * throws yields a rejected `DurablePromise` instead of a synchronous throw, so a handler meets
 * every error of a durable operation where it awaits it.
 */
export function guardArguments<T>(start: () => DurablePromise<T>): DurablePromise<T> {
  try {
    return start();
  } catch (error) {
    return rejectedOperation(error);
  }
}

/** Seconds of a wait, validated: whole seconds, at least one (the service's minimum). */
export function waitSeconds(duration: Duration): number {
  const seconds = durationToSeconds(duration);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new DurableConfigurationError(
      `context.wait() needs a duration of at least 1 second in whole seconds, but got ${JSON.stringify(duration)} ` +
        `(${seconds} s). The service schedules waits in whole seconds; use for example { seconds: 1 } or { minutes: 5 }.`,
    );
  }
  return seconds;
}
