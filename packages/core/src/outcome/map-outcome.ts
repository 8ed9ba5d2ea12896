import { Buffer } from "node:buffer";
import { CheckpointLimits } from "../checkpoint/limits.js";
import {
  DurableExecutionClientErrorScope,
  errorObjectFromError,
  isDurableExecutionClientError,
  UnrecoverableError,
} from "../errors/index.js";
import type { InvocationRuntime } from "../invocation/invocation-runtime.js";
import type { Termination } from "../invocation/suspension-monitor.js";
import { type DurableExecutionInvocationOutput, InvocationStatus } from "../types/core.js";
import { type ErrorObject, OperationAction } from "../types/wire.js";

/** How the handler settled, as a front end reports it. */
export type HandlerSettlement =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown };

const PENDING_OUTPUT: DurableExecutionInvocationOutput = { Status: InvocationStatus.PENDING };

/**
 * The single implementation of outcome mapping: a handler's value becomes SUCCEEDED with its JSON
 * as `Result`, an error FAILED with its `ErrorObject`, a suspension PENDING; a result or error too
 * large for the Lambda response is checkpointed on the EXECUTION operation instead. A termination decided by the engine (suspension, a fatal
 * error) is authoritative: whatever the handler did afterwards does not change it.
 *
 * Returns the output for Lambda, or throws when Lambda must retry the invocation.
 */
export async function mapOutcome(
  runtime: InvocationRuntime,
  settlement: HandlerSettlement | undefined,
): Promise<DurableExecutionInvocationOutput> {
  const { monitor, queue } = runtime;
  if (monitor.termination === undefined) {
    // Fire-and-forget updates (child context results, step STARTs) must be written first.
    await queue.drain().catch(() => undefined);
  }
  const decided = monitor.termination;
  if (decided !== undefined) return mapTermination(runtime, decided);
  if (settlement === undefined) {
    throw new Error("The durable invocation completed without a handler outcome or a termination.");
  }
  let output: DurableExecutionInvocationOutput;
  if (settlement.ok) {
    output = await succeed(runtime, settlement.value);
  } else {
    // Not awaited when it fits the response: a failed handler ends in the official SDK's turns.
    const failed = fail(runtime, settlement.error);
    output = failed instanceof Promise ? await failed : failed;
  }
  // The final checkpoint of a large result or error may itself have failed.
  const late = monitor.termination;
  return late !== undefined ? mapTermination(runtime, late) : output;
}

function mapTermination(
  runtime: InvocationRuntime,
  termination: Termination,
): Promise<DurableExecutionInvocationOutput> {
  switch (termination.kind) {
    case "suspend":
      return Promise.resolve(PENDING_OUTPUT);
    case "retry":
      return Promise.reject(termination.error);
    case "fail":
      return Promise.resolve(failedOutput(runtime, errorObjectFromError(termination.error)));
  }
}

async function succeed(
  runtime: InvocationRuntime,
  value: unknown,
): Promise<DurableExecutionInvocationOutput> {
  let result: string | undefined;
  try {
    result = JSON.stringify(value);
  } catch (cause) {
    const { unserializableResultError } = await import("./unreturnable-outcome.js");
    return failedOutput(runtime, errorObjectFromError(unserializableResultError(cause)));
  }
  if (result === undefined) return { Status: InvocationStatus.SUCCEEDED };
  if (Buffer.byteLength(result) <= CheckpointLimits.MAX_RESPONSE_BYTES) {
    return { Status: InvocationStatus.SUCCEEDED, Result: result };
  }
  // Too large for the Lambda response: checkpoint it and return an empty result, which the
  // service reads as "the result is on the EXECUTION operation".
  await (await import("./unreturnable-outcome.js")).checkpointExecution(runtime, {
    Action: OperationAction.SUCCEED,
    Payload: result,
  });
  return { Status: InvocationStatus.SUCCEEDED, Result: "" };
}

function fail(
  runtime: InvocationRuntime,
  error: unknown,
): DurableExecutionInvocationOutput | Promise<DurableExecutionInvocationOutput> {
  // Scoped errors are honoured even when handler code throws them: an INVOCATION-scoped error
  // always makes Lambda retry the invocation, as in the official SDK.
  if (isDurableExecutionClientError(error) && error.scope === DurableExecutionClientErrorScope.INVOCATION)
    throw error;
  if (error instanceof UnrecoverableError && error.scope === "INVOCATION") throw error;
  return failedOutput(runtime, errorObjectFromError(error));
}

function failedOutput(
  runtime: InvocationRuntime,
  errorObject: ErrorObject,
): DurableExecutionInvocationOutput | Promise<DurableExecutionInvocationOutput> {
  const output: DurableExecutionInvocationOutput = { Status: InvocationStatus.FAILED, Error: errorObject };
  if (Buffer.byteLength(JSON.stringify(output)) <= CheckpointLimits.MAX_RESPONSE_BYTES) return output;
  // Too large for the Lambda response: checkpointed instead (loaded the first time it happens).
  return import("./unreturnable-outcome.js").then((outcome) =>
    outcome.checkpointFailure(runtime, errorObject),
  );
}
