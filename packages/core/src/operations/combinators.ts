import { type DurableOperationError, PromiseCombinatorError } from "../errors/durable-operation-error.js";
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
