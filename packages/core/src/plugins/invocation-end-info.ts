import type { Termination } from "../invocation/suspension-monitor.js";
import type { HandlerSettlement } from "../outcome/map-outcome.js";
import { type DurableExecutionInvocationOutput, InvocationStatus } from "../types/core.js";
import type { ErrorFromObject } from "./operation-info.js";
import { type InvocationBaseInfo, type InvocationEndInfo, PluginInvocationStatus } from "./types.js";

/** How the invocation ended, as seen from outcome mapping: an output, or an error Lambda retries on. */
export type InvocationOutcome =
  | { readonly output: DurableExecutionInvocationOutput }
  | { readonly error: unknown };

/** `value` as an `Error`: plugins always receive errors, whatever was thrown. */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === "string" ? value : String(value));
}

/**
 * What `onInvocationEnd` receives: the status the response implies (an error Lambda retries on is
 * RETRYING), the handler's result when it succeeded, and for a failure the error that decided it:
 * the engine's termination first, then what the handler threw, then the error in the response.
 */
export function invocationEndInfo(
  base: InvocationBaseInfo,
  outcome: InvocationOutcome,
  settlement: HandlerSettlement | undefined,
  termination: Termination | undefined,
  errorFromObject: ErrorFromObject,
): InvocationEndInfo {
  if ("error" in outcome) {
    return { ...base, status: PluginInvocationStatus.RETRYING, executionError: asError(outcome.error) };
  }
  const output = outcome.output;
  switch (output.Status) {
    case InvocationStatus.PENDING:
      return { ...base, status: PluginInvocationStatus.PENDING };
    case InvocationStatus.SUCCEEDED:
      return {
        ...base,
        status: PluginInvocationStatus.SUCCEEDED,
        executionResult: settlement?.ok ? settlement.value : undefined,
      };
    case InvocationStatus.FAILED: {
      let error: unknown;
      if (termination?.kind === "fail") error = termination.error;
      else if (settlement !== undefined && !settlement.ok) error = settlement.error;
      else if (output.Error !== undefined) error = errorFromObject(output.Error);
      return {
        ...base,
        status: PluginInvocationStatus.FAILED,
        executionError: asError(error ?? "The execution failed"),
      };
    }
  }
}
