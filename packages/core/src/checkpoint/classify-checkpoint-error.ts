import { awsErrorMetadata } from "../errors/aws-error-metadata.js";
import { isDurableExecutionClientError } from "../errors/durable-execution-client-error.js";
import {
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  UnrecoverableErrorScope,
} from "../errors/engine-errors.js";
import { CheckpointSetupError } from "./checkpoint-setup-error.js";
import { diagnoseSetupProblem } from "./diagnose-setup-problem.js";

/** How far a checkpoint failure reaches: retry the invocation, or fail the execution. */
export type CheckpointFailureScope = UnrecoverableErrorScope;

/** Which state call failed. */
export const CheckpointOperation = {
  CHECKPOINT: "checkpoint",
  GET_EXECUTION_STATE: "getExecutionState",
} as const;
export type CheckpointOperation = (typeof CheckpointOperation)[keyof typeof CheckpointOperation];

/** HTTP status bounds used by the classification. */
const HttpStatus = {
  CLIENT_ERROR_MIN: 400,
  CLIENT_ERROR_MAX: 499,
  TOO_MANY_REQUESTS: 429,
} as const;

/** A stale token after a concurrent checkpoint: the next invocation gets a fresh one. */
const STALE_TOKEN_ERROR_NAME = "InvalidParameterValueException" as const;
const STALE_TOKEN_MESSAGE_PREFIX = "Invalid Checkpoint Token" as const;

/** KMS problems with the execution's key: permanent, even though they arrive as 502. */
const KMS_ERROR_NAMES: ReadonlySet<string> = new Set([
  "KMSAccessDeniedException",
  "KMSDisabledException",
  "KMSInvalidStateException",
  "KMSNotFoundException",
]);

const LEAD_MESSAGE = {
  [CheckpointOperation.CHECKPOINT]: "Failed to checkpoint the durable execution",
  [CheckpointOperation.GET_EXECUTION_STATE]: "Failed to get the durable execution state",
} as const satisfies Record<CheckpointOperation, string>;

/**
 * Decides how far a failed `checkpoint` or `getExecutionState` call reaches, checked in order:
 * 1. an error shaped like `DurableExecutionClientError` → its own scope;
 * 2. a 4xx `InvalidParameterValueException` starting "Invalid Checkpoint Token" → `INVOCATION`;
 * 3. a KMS key error (`KMSAccessDeniedException`, …), whatever the status → `EXECUTION`;
 * 4. any other 4xx except 429 → `EXECUTION`;
 * 5. everything else (5xx, 429, network, unknown) → `INVOCATION`.
 *
 * @example
 * ```ts
 * classifyCheckpointError(Object.assign(new Error("slow down"), {
 *   name: "TooManyRequestsException",
 *   $metadata: { httpStatusCode: 429 },
 * })); // "INVOCATION"
 * ```
 */
export function classifyCheckpointError(error: unknown): CheckpointFailureScope {
  if (isDurableExecutionClientError(error)) return error.scope;
  const { errorCode, statusCode } = awsErrorMetadata(error);
  const isClientError =
    statusCode !== undefined &&
    statusCode >= HttpStatus.CLIENT_ERROR_MIN &&
    statusCode <= HttpStatus.CLIENT_ERROR_MAX;
  if (
    isClientError &&
    errorCode === STALE_TOKEN_ERROR_NAME &&
    messageOf(error).startsWith(STALE_TOKEN_MESSAGE_PREFIX)
  ) {
    return UnrecoverableErrorScope.INVOCATION;
  }
  // The name alone decides: KMS errors carry no reliable status.
  const name = errorCode ?? nameOf(error);
  if (name !== undefined && KMS_ERROR_NAMES.has(name)) return UnrecoverableErrorScope.EXECUTION;
  if (isClientError && statusCode !== HttpStatus.TOO_MANY_REQUESTS) return UnrecoverableErrorScope.EXECUTION;
  return UnrecoverableErrorScope.INVOCATION;
}

/**
 * Wraps a failed state call in the error the engine ends with: a {@link CheckpointSetupError} when
 * the function's setup is at fault (no region, no credentials, a refused connection; the invocation
 * ends with it), else a `CheckpointUnrecoverableExecutionError` (the execution is FAILED) or a
 * `CheckpointUnrecoverableInvocationError` (Lambda retries the invocation), chosen by
 * {@link classifyCheckpointError}. The AWS code, HTTP status and request id are kept.
 *
 * @example
 * ```ts
 * try {
 *   response = await client.checkpoint(request);
 * } catch (error) {
 *   throw toCheckpointFailure(error, "checkpoint");
 * }
 * ```
 */
export function toCheckpointFailure(
  error: unknown,
  operation: CheckpointOperation,
): CheckpointUnrecoverableExecutionError | CheckpointUnrecoverableInvocationError | CheckpointSetupError {
  const lead = LEAD_MESSAGE[operation];
  if (!isDurableExecutionClientError(error)) {
    const problem = diagnoseSetupProblem(error);
    if (problem !== undefined) return new CheckpointSetupError(lead, problem, error);
  }
  return classifyCheckpointError(error) === UnrecoverableErrorScope.EXECUTION
    ? new CheckpointUnrecoverableExecutionError(lead, error)
    : new CheckpointUnrecoverableInvocationError(lead, error);
}

function messageOf(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" ? message : "";
}

function nameOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}
