import { DurablePromise } from "../context/durable-promise.js";
import type { AwaitTracker } from "../invocation/suspension-monitor.js";

/**
 * Microtask turns that line this engine up with the official SDK.
 *
 * Each operation settles in two parts, as there: what runs when the operation is called (its
 * record read, its START written, the step function run), and what runs once the operation is
 * first awaited (the result deserialized, the error built). The promise an operation returns
 * settles one turn after the first part when the second part adds nothing; {@link Phased} gives an
 * operation a second part of its own.
 *
 * When a map or parallel completes early, or a child context ends while operations it started are
 * still running, whether such an operation's later update is recorded depends on which happens
 * first: the update, or the end of the context that holds it (updates inside an ended context are
 * dropped). Both happen within the same macrotask, so the order is decided by how many microtask
 * turns each path takes. The official SDK's paths have a fixed number of turns; the constants here
 * make ours take as many, so both engines record exactly the same updates.
 */

/** From the end of an item's context (its result or error recorded) to the batch seeing it. */
export const ITEM_SETTLE_TURNS = 4;

/** From the completion of a map or parallel to the end of its context. */
export const BATCH_CLOSE_TURNS = 2;

/** The same for a map or parallel without items, which completes as it starts. */
export const EMPTY_BATCH_CLOSE_TURNS = 3;

/** From the end of a map's or parallel's context to its result reaching the caller. */
export const BATCH_RETURN_TURNS = 9;

/** From the end of a child context (`runInChildContext`) to its result reaching the caller. */
export const CHILD_RETURN_TURNS = 3;

/** From a step's end (its result or error acknowledged) to the caller seeing it. */
export const STEP_RETURN_TURNS = 2;

/** Added to a step's outcome by each retry within the call: the official SDK runs the next attempt one call level deeper. */
export const RETRY_TURNS = 1;

/** Added to a step's outcome when it resumes from a scheduled retry: there its first part returns a promise. */
export const RESUMED_RETRY_TURNS = 2;

/** From a `waitForCondition`'s SUCCEED acknowledged to the caller seeing its state. */
export const CONDITION_RETURN_TURNS = 1;

/** From an at-most-once step's START acknowledged to its function running. */
export const AT_MOST_ONCE_START_TURNS = 1;

/** From the end of a `context.promise` combinator's context to its result reaching the caller. */
export const COMBINATOR_RETURN_TURNS = 2;

/** From applying a checkpoint response's state to releasing the callers of the updates it carried. */
export const RESPONSE_RELEASE_TURNS = 2;

/** From a step's record read on replay (SUCCEEDED) to its first part ending: the result deserialized, then awaited. */
export const REPLAYED_STEP_TURNS = 2;

/**
 * An operation's outcome in two parts: `started` settles when the part that runs at the call has
 * ended; `finish` runs when the operation is first awaited and gives the outcome.
 */
export class Phased<T> {
  constructor(
    readonly started: Promise<unknown>,
    readonly finish: () => Promise<T>,
  ) {}
}

function pass<T>(value: T): T {
  return value;
}

function rethrow(error: unknown): never {
  throw error;
}

/**
 * The promise of an operation whose second part adds nothing: once awaited, it settles one turn
 * after `completion`, as the official SDK's await of its first part does. `tracker` learns when it
 * is awaited. A `completion` that may reject must be marked handled by the caller.
 */
export function awaitedAfter<T>(completion: Promise<T>, tracker?: AwaitTracker): DurablePromise<T> {
  return new DurablePromise(() => {
    tracker?.markAwaited();
    return afterTurns(completion, 1);
  });
}

/** Settles as `promise` does, `turns` microtask turns later. */
export function afterTurns<T>(promise: Promise<T>, turns: number): Promise<T> {
  let delayed = promise;
  for (let turn = 0; turn < turns; turn++) delayed = delayed.then(pass, rethrow);
  return delayed;
}
