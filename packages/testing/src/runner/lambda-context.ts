import { randomBytes } from "node:crypto";
import type { Context } from "aws-lambda";

/** Lambda context defaults. */
export const LambdaContextDefaults = {
  memoryLimitInMB: 128,
  functionVersion: "$LATEST",
} as const;

/** What a synthetic Lambda context is built from. */
export interface LambdaContextInit {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: number;
  awsRequestId: string;
  /** Invocation time limit in ms; `getRemainingTimeInMillis()` counts down from it in real time. */
  timeoutMs: number;
  /** Called by the deprecated `done`/`succeed`/`fail` methods. */
  settle?: (error: unknown, result?: unknown) => void;
}

const LOG_STREAM_ID_BYTES = 16;

function logStreamName(version: string, date: Date): string {
  const day = date.toISOString().slice(0, "YYYY-MM-DD".length).replaceAll("-", "/");
  return `${day}/[${version}]${randomBytes(LOG_STREAM_ID_BYTES).toString("hex")}`;
}

/**
 * A complete aws-lambda `Context` for one invocation: names and ARNs, a fresh request id,
 * log group and stream, and `getRemainingTimeInMillis()` counting down in real time.
 *
 * @example
 * ```ts
 * const context = createLambdaContext({
 *   functionName: "orders", functionVersion: "$LATEST",
 *   invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST",
 *   memoryLimitInMB: 128, awsRequestId: crypto.randomUUID(), timeoutMs: 900_000,
 * });
 * ```
 */
export function createLambdaContext(init: LambdaContextInit): Context {
  const deadline = performance.now() + init.timeoutMs;
  const settle = init.settle ?? (() => {});
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: init.functionName,
    functionVersion: init.functionVersion,
    invokedFunctionArn: init.invokedFunctionArn,
    memoryLimitInMB: String(init.memoryLimitInMB),
    awsRequestId: init.awsRequestId,
    logGroupName: `/aws/lambda/${init.functionName}`,
    logStreamName: logStreamName(init.functionVersion, new Date()),
    getRemainingTimeInMillis: () => Math.max(0, Math.floor(deadline - performance.now())),
    done: (error?: Error, result?: unknown) => settle(error ?? undefined, result),
    fail: (error: Error | string) => settle(typeof error === "string" ? new Error(error) : error),
    succeed: (result: unknown) => settle(undefined, result),
  };
}
