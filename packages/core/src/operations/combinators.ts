import {
  DURABLE_ERROR_TYPES,
  DurableOperationError,
  PromiseCombinatorError,
} from "../errors/durable-operation-error.js";
import type { Serdes } from "../types/serdes.js";

interface StoredReason {
  message?: string;
  name?: string;
  stack?: string;
}

function storeReason(reason: unknown): unknown {
  if (!(reason instanceof Error)) return reason;
  return { message: reason.message, name: reason.name, stack: reason.stack };
}

function restoreReason(stored: unknown): unknown {
  if (typeof stored !== "object" || stored === null) return stored;
  const { message, name, stack } = stored as StoredReason;
  if (typeof message !== "string" || typeof name !== "string") return stored;
  const error: Error = DURABLE_ERROR_TYPES.has(name)
    ? DurableOperationError.fromErrorObject({ ErrorType: name, ErrorMessage: message })
    : Object.assign(new Error(message), { name });
  if (typeof stack === "string") error.stack = stack;
  return error;
}

/**
 * The serdes of `context.promise.allSettled`: rejection reasons are errors, which JSON cannot hold,
 * so they are stored as `{message, name, stack}` and rebuilt as errors (durable error types as
 * their classes).
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
