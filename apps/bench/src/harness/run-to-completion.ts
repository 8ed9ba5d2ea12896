import type { DurableExecutionInvocationOutput } from "@durable-lambda/core";
import type { DurableLambda } from "./engines.js";
import type { FakeDurableService } from "./fake-durable-service.js";
import { fakeLambdaContext } from "./wire-records.js";

/** Stops a workflow that never finishes (an engine that keeps answering PENDING). */
const MAX_INVOCATIONS = 50;

export interface CompletedExecution {
  output: DurableExecutionInvocationOutput;
  /** The handler's result (SUCCEEDED), the error (FAILED), or "PENDING", as the last invocation returned it. */
  outcome: string;
  invocations: number;
  /** Wall time of every invocation together, in milliseconds. */
  timeMs: number;
}

/**
 * Runs the execution loaded in `service` to the end, the way the service does: invoke with the full
 * state; on PENDING end every started wait (and schedule every retry) and invoke again.
 */
export async function runToCompletion(
  lambda: DurableLambda,
  service: FakeDurableService,
  label: string,
): Promise<CompletedExecution> {
  let output: DurableExecutionInvocationOutput = { Status: "PENDING" };
  let invocations = 0;
  const started = performance.now();
  while (output.Status === "PENDING" && invocations < MAX_INVOCATIONS) {
    invocations++;
    output = await lambda(service.envelope(), fakeLambdaContext(`${label}-${invocations}`));
    if (output.Status === "PENDING" && service.completeWaitsAndRetries() === 0) break;
  }
  const timeMs = performance.now() - started;
  const outcome =
    output.Status === "SUCCEEDED"
      ? (output.Result ?? "")
      : output.Status === "FAILED"
        ? JSON.stringify(output.Error)
        : "PENDING";
  return { output, outcome, invocations, timeMs };
}
