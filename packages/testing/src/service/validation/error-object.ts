import type { ErrorObject } from "@aws-sdk/client-lambda";
import { ServiceLimits } from "../constants.js";
import { invalid } from "./rules.js";

/** UTF-8 size of a string. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Combined size of an ErrorObject's fields, the quantity the service limits. */
export function errorObjectBytes(error: ErrorObject): number {
  let total = 0;
  if (typeof error.ErrorMessage === "string") total += byteLength(error.ErrorMessage);
  if (typeof error.ErrorType === "string") total += byteLength(error.ErrorType);
  if (typeof error.ErrorData === "string") total += byteLength(error.ErrorData);
  if (Array.isArray(error.StackTrace)) {
    for (const line of error.StackTrace) if (typeof line === "string") total += byteLength(line);
  }
  return total;
}

/**
 * Validates an `ErrorObject` sent by a caller (checkpoint, callback failure, stop).
 * @param where - what carried it, for the message.
 */
export function validateErrorObject(error: unknown, where: string): void {
  if (error === undefined || error === null) return;
  if (typeof error !== "object" || Array.isArray(error)) {
    throw invalid(
      `${where}: Error must be an ErrorObject ({ErrorType, ErrorMessage, ErrorData, StackTrace}).`,
    );
  }
  const candidate = error as Record<string, unknown>;
  for (const field of ["ErrorMessage", "ErrorType", "ErrorData"] as const) {
    if (candidate[field] !== undefined && candidate[field] !== null && typeof candidate[field] !== "string") {
      throw invalid(`${where}: Error.${field} must be a string.`);
    }
  }
  if (
    candidate.StackTrace !== undefined &&
    candidate.StackTrace !== null &&
    (!Array.isArray(candidate.StackTrace) || candidate.StackTrace.some((line) => typeof line !== "string"))
  ) {
    throw invalid(`${where}: Error.StackTrace must be an array of strings.`);
  }
  const size = errorObjectBytes(candidate as ErrorObject);
  if (size > ServiceLimits.errorObjectBytes) {
    throw invalid(
      `${where}: the combined size of the Error fields is ${size} bytes, over the limit of ` +
        `${ServiceLimits.errorObjectBytes} bytes. Shorten the message or data, or leave out the stack trace.`,
    );
  }
}
