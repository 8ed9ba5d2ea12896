import { Buffer } from "node:buffer";
import type { ErrorObject, Event } from "@aws-sdk/client-lambda";

/**
 * The kinds of billed durable operations, after the metering table of the durable execution SDK
 * (https://docs.aws.amazon.com/lambda/latest/dg/durable-execution-sdk.html): one row per kind.
 *
 * @example
 * ```ts
 * const { operations } = (await executions.describe(arn)).metering.byKind[MeteredKind.step];
 * ```
 */
export const MeteredKind = {
  /** Execution started: 1 operation, the input payload; its completion: 0 operations, the output. */
  execution: "execution",
  /** Step: 1 operation per attempt (1 + retries), each attempt's result or error. */
  step: "step",
  /** waitForCondition: 1 operation per poll, each poll's state or error. */
  waitForCondition: "waitForCondition",
  /** Wait: 1 operation, no payload. */
  wait: "wait",
  /** Callback: 1 operation when created; its completion through the API writes the callback payload. */
  callback: "callback",
  /** Child contexts (runInChildContext, waitForCallback, map, parallel and their items, promise helpers): 1 operation each, the result. */
  context: "context",
  /** Chained invoke: 1 operation, the result (not in the published table; counted like a step). */
  chainedInvoke: "chainedInvoke",
  /** Invocation-level retry: 1 operation, the error object. */
  invocationRetry: "invocationRetry",
} as const;
export type MeteredKind = (typeof MeteredKind)[keyof typeof MeteredKind];

/**
 * Billed operations and bytes written for one kind.
 *
 * @example
 * ```ts
 * const { operations, bytesWritten }: MeteredUsage = metering.byKind.context;
 * ```
 */
export interface MeteredUsage {
  operations: number;
  bytesWritten: number;
}

/**
 * What an execution was billed for, computed from its history.
 *
 * @example
 * ```ts
 * const { billedOperations, bytesWritten, byKind } = (await executions.describe(arn)).metering;
 * ```
 */
export interface ExecutionMetering {
  /** Billed durable operations, all kinds together. */
  billedOperations: number;
  /** Bytes of payload written (UTF-8 for strings, the JSON of error objects), all kinds together. */
  bytesWritten: number;
  /** The same, per kind. */
  byKind: Record<MeteredKind, MeteredUsage>;
}

const WAIT_FOR_CONDITION_SUBTYPE = "WaitForCondition";

function bytesOf(payload: string | undefined): number {
  return payload === undefined ? 0 : Buffer.byteLength(payload, "utf8");
}

function errorBytes(error: ErrorObject | undefined): number {
  return error === undefined ? 0 : Buffer.byteLength(JSON.stringify(error), "utf8");
}

/**
 * Meters an execution from its history read with execution data (`IncludeExecutionData: true`),
 * following the durable execution SDK's metering table: operation counts per checkpoint and the
 * payload sizes each one persists. `waitForCallback` counts as its context, its callback and its
 * submitter step (3 + retries); `map` and `parallel` as their context plus one context per item.
 *
 * @example
 * ```ts
 * const events = [];
 * for await (const event of executions.history(arn, { includeData: true })) events.push(event);
 * const { billedOperations, bytesWritten } = meterHistory(events);
 * ```
 */
export function meterHistory(events: readonly Event[]): ExecutionMetering {
  const byKind = Object.fromEntries(
    Object.values(MeteredKind).map((kind) => [kind, { operations: 0, bytesWritten: 0 }]),
  ) as Record<MeteredKind, MeteredUsage>;
  const add = (kind: MeteredKind, operations: number, bytes: number): void => {
    byKind[kind].operations += operations;
    byKind[kind].bytesWritten += bytes;
  };
  const contexts = new Set<string>();
  const countContext = (id: string | undefined): void => {
    if (id === undefined || contexts.has(id)) return;
    contexts.add(id);
    add(MeteredKind.context, 1, 0);
  };
  let lastInvocation = -1;
  events.forEach((event, index) => {
    if (event.EventType === "InvocationCompleted") lastInvocation = index;
  });

  events.forEach((event, index) => {
    const stepKind =
      event.SubType === WAIT_FOR_CONDITION_SUBTYPE ? MeteredKind.waitForCondition : MeteredKind.step;
    switch (event.EventType) {
      case "ExecutionStarted":
        add(MeteredKind.execution, 1, bytesOf(event.ExecutionStartedDetails?.Input?.Payload));
        break;
      case "ExecutionSucceeded":
        add(MeteredKind.execution, 0, bytesOf(event.ExecutionSucceededDetails?.Result?.Payload));
        break;
      case "ExecutionFailed":
        add(MeteredKind.execution, 0, errorBytes(event.ExecutionFailedDetails?.Error?.Payload));
        break;
      case "ExecutionStopped":
        add(MeteredKind.execution, 0, errorBytes(event.ExecutionStoppedDetails?.Error?.Payload));
        break;
      case "ExecutionTimedOut":
        add(MeteredKind.execution, 0, errorBytes(event.ExecutionTimedOutDetails?.Error?.Payload));
        break;
      case "StepSucceeded":
        add(stepKind, 1, bytesOf(event.StepSucceededDetails?.Result?.Payload));
        break;
      case "StepFailed":
        add(stepKind, 1, errorBytes(event.StepFailedDetails?.Error?.Payload));
        break;
      case "WaitStarted":
        add(MeteredKind.wait, 1, 0);
        break;
      case "CallbackStarted":
        add(MeteredKind.callback, 1, 0);
        break;
      case "CallbackSucceeded":
        add(MeteredKind.callback, 0, bytesOf(event.CallbackSucceededDetails?.Result?.Payload));
        break;
      case "CallbackFailed":
        add(MeteredKind.callback, 0, errorBytes(event.CallbackFailedDetails?.Error?.Payload));
        break;
      case "ContextStarted":
        countContext(event.Id);
        break;
      case "ContextSucceeded":
        countContext(event.Id);
        add(MeteredKind.context, 0, bytesOf(event.ContextSucceededDetails?.Result?.Payload));
        break;
      case "ContextFailed":
        countContext(event.Id);
        add(MeteredKind.context, 0, errorBytes(event.ContextFailedDetails?.Error?.Payload));
        break;
      case "ChainedInvokeStarted":
        add(MeteredKind.chainedInvoke, 1, 0);
        break;
      case "ChainedInvokeSucceeded":
        add(MeteredKind.chainedInvoke, 0, bytesOf(event.ChainedInvokeSucceededDetails?.Result?.Payload));
        break;
      case "ChainedInvokeFailed":
        add(MeteredKind.chainedInvoke, 0, errorBytes(event.ChainedInvokeFailedDetails?.Error?.Payload));
        break;
      case "InvocationCompleted": {
        const error = event.InvocationCompletedDetails?.Error?.Payload;
        // A failed invocation followed by another one was retried; the last one ended the execution.
        if (error !== undefined && index < lastInvocation)
          add(MeteredKind.invocationRetry, 1, errorBytes(error));
        break;
      }
      default:
        break;
    }
  });

  let billedOperations = 0;
  let bytesWritten = 0;
  for (const usage of Object.values(byKind)) {
    billedOperations += usage.operations;
    bytesWritten += usage.bytesWritten;
  }
  return { billedOperations, bytesWritten, byKind };
}
