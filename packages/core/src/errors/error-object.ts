import type { ErrorObject } from "../types/wire.js";
import { DurableOperationError, StepError } from "./durable-operation-error.js";

/**
 * Longest `ErrorMessage` built from a thrown non-error value (a string, an object, …). Such values
 * can be arbitrarily large, and the message only has to identify the failure.
 */
const NON_ERROR_MESSAGE_MAX_LENGTH = 1024 as const;
const TRUNCATION_MARKER = "…" as const;
const GENERIC_ERROR_TYPE = "Error" as const;

/**
 * The wire form of anything a user function threw. A `DurableOperationError` keeps its type and
 * data; any other error-like value keeps only `name` and `message` (stack traces and custom
 * properties are never stored); a thrown non-error becomes a generic `Error` describing the value.
 *
 * @example
 * ```ts
 * errorObjectFromError(new TypeError("bad input"));
 * // { ErrorType: "TypeError", ErrorMessage: "bad input" }
 * errorObjectFromError("nope");
 * // { ErrorType: "Error", ErrorMessage: "nope" }
 * ```
 */
export function errorObjectFromError(error: unknown): ErrorObject {
  if (error instanceof DurableOperationError) return error.toErrorObject();
  if (isErrorLike(error)) return { ErrorType: error.name, ErrorMessage: error.message };
  return { ErrorType: GENERIC_ERROR_TYPE, ErrorMessage: describeThrownValue(error) };
}

/**
 * The error a failed operation rejects with, rebuilt from its stored {@link ErrorObject}; a
 * `StepError` with `fallbackMessage` when nothing was stored.
 *
 * @example
 * ```ts
 * throw reconstructError(record.StepDetails?.Error, "Unknown error");
 * ```
 */
export function reconstructError(
  errorObject: ErrorObject | undefined,
  fallbackMessage: string,
): DurableOperationError {
  return errorObject === undefined
    ? new StepError(fallbackMessage)
    : DurableOperationError.fromErrorObject(errorObject);
}

function isErrorLike(value: unknown): value is { name: string; message: string } {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; message?: unknown };
  return typeof candidate.name === "string" && typeof candidate.message === "string";
}

function describeThrownValue(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "object" && value !== null) {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      // Circular structures and BigInt fields cannot be stringified; the tag still says what it was.
      text = Object.prototype.toString.call(value);
    }
  } else text = String(value);
  return text.length > NON_ERROR_MESSAGE_MAX_LENGTH
    ? text.slice(0, NON_ERROR_MESSAGE_MAX_LENGTH) + TRUNCATION_MARKER
    : text;
}
