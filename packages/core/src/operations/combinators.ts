import { DurablePromise } from "../context/durable-promise.js";
import { argumentError, rejectedOperation, splitName } from "../context/operation-arguments.js";
import { type DurableOperationError, PromiseCombinatorError } from "../errors/durable-operation-error.js";
import type { ChildConfig } from "../types/child-context.js";
import { OperationSubType } from "../types/core.js";
import type { DurablePromiseCombinators } from "../types/durable-context.js";
import type { Serdes } from "../types/serdes.js";
import { afterTurns, COMBINATOR_RETURN_TURNS } from "./settle-turns.js";

interface StoredReason {
  message?: string;
  name?: string;
  stack?: string;
}

function storeReason(reason: unknown): unknown {
  if (!(reason instanceof Error)) return reason;
  return { message: reason.message, name: reason.name, stack: reason.stack };
}

/** A stored reason with a message becomes an `Error` again; anything else is handed back as stored. */
function restoreReason(stored: unknown): unknown {
  if (typeof stored !== "object" || stored === null) return stored;
  const { message, name, stack } = stored as StoredReason;
  if (typeof message !== "string" || message === "") return stored;
  const error = Object.assign(new Error(message), {
    name: typeof name === "string" && name !== "" ? name : "Error",
  });
  if (typeof stack === "string") error.stack = stack;
  return error;
}

/**
 * The serdes of `context.promise.allSettled`: rejection reasons are errors, which JSON cannot hold,
 * so they are stored as `{message, name, stack}` and handed back as plain `Error`s with that name,
 * message and stack, live and on replay alike (as the official SDK does).
 */
export const allSettledSerdes: Serdes<PromiseSettledResult<unknown>[]> = {
  serialize: async (results) =>
    results === undefined
      ? undefined
      : JSON.stringify(
          results.map((result) =>
            result.status === "rejected"
              ? { status: result.status, reason: storeReason(result.reason) }
              : result,
          ),
        ),
  deserialize: async (data) => {
    if (data === undefined) return undefined;
    const parsed = JSON.parse(data) as PromiseSettledResult<unknown>[];
    return parsed.map((result) =>
      result.status === "rejected" ? { status: "rejected", reason: restoreReason(result.reason) } : result,
    );
  },
};

/** A combinator's failure, as the caller sees it: a `PromiseCombinatorError` caused by the first rejection. */
export function mapCombinatorError(error: DurableOperationError): DurableOperationError {
  return new PromiseCombinatorError(error.message, error);
}

/** How a combinator records its outcome: `context.runInChildContext` of the context it belongs to. */
export type RunInChildContext = <T>(
  name: string | undefined,
  fn: () => Promise<T>,
  config: ChildConfig<T>,
) => DurablePromise<T>;

/**
 * `context.promise`: `all`, `allSettled`, `any` and `race` over durable promises already running,
 * each recording its combined outcome as one child context. The child context is created when the
 * combinator is first awaited, after the operations it combines (its siblings, not its children).
 */
export function createCombinators(runInChildContext: RunInChildContext): DurablePromiseCombinators {
  const combinator =
    <TInput, TResult>(
      method: string,
      combine: (promises: DurablePromise<TInput>[]) => Promise<TResult>,
      serdes?: Serdes<TResult>,
    ) =>
    (
      nameOrPromises: string | undefined | DurablePromise<TInput>[],
      maybePromises?: DurablePromise<TInput>[],
    ) => {
      const [name, main] = splitName(!Array.isArray(nameOrPromises), nameOrPromises, maybePromises);
      const promises = main as DurablePromise<TInput>[];
      if (!Array.isArray(promises)) {
        return rejectedOperation<TResult>(
          argumentError(
            `context.promise.${method}()`,
            "an array of durable promises",
            promises,
            `Call it as context.promise.${method}("name", [context.step(…), context.step(…)]).`,
          ),
        );
      }
      const config: ChildConfig<TResult> = {
        subType: OperationSubType.RUN_IN_CHILD_CONTEXT,
        errorMapper: mapCombinatorError,
      };
      if (serdes !== undefined) config.serdes = serdes;
      return new DurablePromise<TResult>(() =>
        afterTurns(
          runInChildContext(name, () => combine(promises), config),
          COMBINATOR_RETURN_TURNS,
        ),
      );
    };
  return {
    all: combinator("all", (promises) => Promise.all(promises)),
    allSettled: combinator(
      "allSettled",
      (promises) => Promise.allSettled(promises),
      allSettledSerdes as Serdes<PromiseSettledResult<unknown>[]>,
    ),
    any: combinator("any", (promises) => Promise.any(promises)),
    race: combinator("race", (promises) => Promise.race(promises)),
  } as DurablePromiseCombinators;
}
