import type { LogItemExtraInput, LogItemMessage } from "@aws-lambda-powertools/logger/types";
import { isSuspension } from "@durable-lambda/core";

/**
 * Whether a record reports a suspension. A suspended invocation is not a failure, so the record
 * Powertools makes for an uncaught error (or one the user makes with the caught signal) is dropped.
 */
export function reportsSuspension(input: LogItemMessage, extraInput: LogItemExtraInput): boolean {
  if (typeof input === "object" && isSuspension(input.error)) return true;
  for (const item of extraInput) {
    if (isSuspension(item) || (typeof item === "object" && isSuspension((item as { error?: unknown }).error)))
      return true;
  }
  return false;
}
