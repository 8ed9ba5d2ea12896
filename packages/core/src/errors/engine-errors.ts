import { type AwsErrorMetadata, awsErrorMetadata, describeAwsErrorMetadata } from "./aws-error-metadata.js";

/**
 * How far an unrecoverable engine error reaches: `EXECUTION` fails the durable execution;
 * `INVOCATION` ends this invocation with an error so Lambda retries it.
 */
export const UnrecoverableErrorScope = {
  EXECUTION: "EXECUTION",
  INVOCATION: "INVOCATION",
} as const;
export type UnrecoverableErrorScope = (typeof UnrecoverableErrorScope)[keyof typeof UnrecoverableErrorScope];

/** Which direction of a serdes failed. */
export const SerdesDirection = {
  SERIALIZE: "serialize",
  DESERIALIZE: "deserialize",
} as const;
export type SerdesDirection = (typeof SerdesDirection)[keyof typeof SerdesDirection];

/**
 * Handed to a step's retry strategy when an at-most-once step is found STARTED on replay: the
 * previous attempt began but its end was never recorded, and the function is not re-run silently.
 *
 * @example
 * ```ts
 * const retryStrategy: RetryStrategy = (error, attempt) =>
 *   error instanceof StepInterruptedError ? { shouldRetry: attempt < 2 } : { shouldRetry: false };
 * ```
 */
export class StepInterruptedError extends Error {
  override readonly name: string = "StepInterruptedError";

  /**
   * @param stepId - The step's (unhashed) id.
   * @param stepName - The step's name, when it has one.
   */
  constructor(stepId: string, stepName?: string) {
    super(
      `Step ${describeOperation(stepId, stepName)} was interrupted: a previous attempt started but the ` +
        "invocation ended before the attempt's result was recorded. Because the step uses at-most-once " +
        "semantics, the function is not re-run automatically; the step's retry strategy decides whether " +
        "to start a new attempt.",
    );
  }
}

/** Options shared by the unrecoverable engine errors. */
export interface UnrecoverableErrorOptions {
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of engine errors that end the invocation (`INVOCATION` scope, Lambda retries it) or the
 * whole execution (`EXECUTION` scope, the execution is FAILED) regardless of the user's code.
 *
 * @example
 * ```ts
 * if (error instanceof UnrecoverableError && error.scope === UnrecoverableErrorScope.INVOCATION) throw error;
 * ```
 */
export abstract class UnrecoverableError extends Error {
  /** How far the error reaches. */
  abstract readonly scope: UnrecoverableErrorScope;
  /** Structural marker, so copies of this package recognise each other's errors. */
  readonly isUnrecoverable = true as const;

  constructor(message: string, options?: UnrecoverableErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/**
 * Whether `error` is an {@link UnrecoverableError} (by its marker, so copies of the package agree).
 *
 * @example
 * ```ts
 * if (isUnrecoverableError(error)) throw error; // never hand it to a retry strategy
 * ```
 */
export function isUnrecoverableError(error: unknown): error is UnrecoverableError {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { isUnrecoverable?: unknown; scope?: unknown };
  return (
    candidate.isUnrecoverable === true &&
    (candidate.scope === UnrecoverableErrorScope.EXECUTION ||
      candidate.scope === UnrecoverableErrorScope.INVOCATION)
  );
}

/**
 * The code took a different path on replay than when the execution first ran (a different operation
 * type, name or sub-type at the same position). The execution fails: continuing would pair recorded
 * results with the wrong operations.
 *
 * @example
 * ```ts
 * throw new NonDeterministicExecutionError(
 *   'Operation 2 was recorded as STEP "charge" but the code now calls WAIT "delay". ' +
 *     "Durable handlers must call operations in the same order on every replay; move " +
 *     "non-deterministic values (time, random, I/O) into steps.",
 * );
 * ```
 */
export class NonDeterministicExecutionError extends UnrecoverableError {
  override readonly name: string = "NonDeterministicExecutionError";
  readonly scope = UnrecoverableErrorScope.EXECUTION;

  /** @param message - What differs between the recorded and the replayed operation, and the fix. */
  constructor(message: string, options?: UnrecoverableErrorOptions) {
    super(message, options);
  }
}

/** The part of a checkpoint failure message after the lead phrase: cause, AWS details, consequence. */
function checkpointFailureMessage(
  lead: string,
  cause: unknown,
  details: AwsErrorMetadata,
  next: string,
): string {
  const causeMessage = cause instanceof Error ? cause.message : cause === undefined ? "" : String(cause);
  const described = describeAwsErrorMetadata(details);
  return (
    lead +
    (causeMessage === "" ? "" : `: ${causeMessage}`) +
    (described === "" ? "" : ` (${described})`) +
    `. ${next}`
  );
}

/**
 * Base class of the errors raised when writing or reading the execution state failed for good in
 * this invocation. Its subclasses differ in how far the failure reaches ({@link scope}) and in the
 * advice their message ends with. Carries the AWS details of the failed request when known.
 *
 * @example
 * ```ts
 * if (error instanceof CheckpointUnrecoverableError) console.error(error.errorCode, error.requestId);
 * ```
 */
export abstract class CheckpointUnrecoverableError extends UnrecoverableError {
  /** The AWS error code (the AWS SDK error's `name`), when the cause is an AWS SDK error. */
  errorCode?: string;
  /** The HTTP status of the failed request, when known. */
  statusCode?: number;
  /** The AWS request id of the failed request, when known. */
  requestId?: string;

  /**
   * @param message - What failed, e.g. "Failed to checkpoint the durable execution".
   * @param cause - The transport's error; its message, code, status and request id are appended.
   * @param consequence - What happens next and what to do, appended last.
   */
  protected constructor(message: string, cause: unknown, consequence: string) {
    const details = awsErrorMetadata(cause);
    super(checkpointFailureMessage(message, cause, details, consequence), { cause });
    if (details.errorCode !== undefined) this.errorCode = details.errorCode;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

/**
 * Writing or reading the execution state failed in a way retrying cannot fix (a 4xx other than
 * throttling, a KMS key problem, or a transport saying so). The execution is FAILED.
 *
 * @example
 * ```ts
 * throw new CheckpointUnrecoverableExecutionError("Failed to checkpoint the durable execution", awsError);
 * ```
 */
export class CheckpointUnrecoverableExecutionError extends CheckpointUnrecoverableError {
  override readonly name: string = "CheckpointUnrecoverableExecutionError";
  readonly scope = UnrecoverableErrorScope.EXECUTION;

  /**
   * @param message - What failed, e.g. "Failed to checkpoint the durable execution".
   * @param cause - The transport's error; its message, code, status and request id are appended.
   */
  constructor(message: string, cause?: unknown) {
    super(
      message,
      cause,
      "The error is not retryable, so the durable execution is marked FAILED. Check the error code " +
        "(permissions, KMS key, payload size) and start a new execution once it is fixed.",
    );
  }
}

/**
 * Writing or reading the execution state failed transiently (5xx, throttling, network, stale
 * checkpoint token). The invocation ends with an error; Lambda retries it and the execution resumes
 * from its last checkpoint.
 *
 * @example
 * ```ts
 * throw new CheckpointUnrecoverableInvocationError("Failed to checkpoint the durable execution", awsError);
 * ```
 */
export class CheckpointUnrecoverableInvocationError extends CheckpointUnrecoverableError {
  override readonly name: string = "CheckpointUnrecoverableInvocationError";
  readonly scope = UnrecoverableErrorScope.INVOCATION;

  /**
   * @param message - What failed, e.g. "Failed to checkpoint the durable execution".
   * @param cause - The transport's error; its message, code, status and request id are appended.
   */
  constructor(message: string, cause?: unknown) {
    super(
      message,
      cause,
      "The failure looks transient, so this invocation ends with an error and Lambda retries it; the " +
        "execution resumes from its last recorded checkpoint. No action is needed unless it persists.",
    );
  }
}

/** Where a serdes failure happened. */
export interface SerdesFailedErrorOptions {
  /** Whether serializing or deserializing failed. */
  direction: SerdesDirection;
  /** The operation's unhashed id. */
  operationId: string;
  /** The operation's name, when it has one. */
  operationName?: string | undefined;
  /** The error the serdes threw. */
  cause?: unknown;
}

/**
 * A serdes threw while turning an operation's value into a checkpoint payload or back. The
 * invocation ends with an error so Lambda retries it (a serdes backed by S3 or KMS may recover).
 *
 * @example
 * ```ts
 * throw new SerdesFailedError({ direction: "deserialize", operationId: "2", operationName: "load", cause });
 * ```
 */
export class SerdesFailedError extends UnrecoverableError {
  override readonly name: string = "SerdesFailedError";
  readonly scope = UnrecoverableErrorScope.INVOCATION;
  /** Whether serializing or deserializing failed. */
  readonly direction: SerdesDirection;
  /** The operation's unhashed id. */
  readonly operationId: string;

  constructor(options: SerdesFailedErrorOptions) {
    const { direction, operationId, operationName, cause } = options;
    const causeMessage = cause instanceof Error ? `: ${cause.message}` : "";
    super(
      `Failed to ${direction} the value of operation ${describeOperation(operationId, operationName)}${causeMessage}. ` +
        "This invocation ends with an error so Lambda retries it. If the failure is not transient, make " +
        `the operation's serdes able to ${direction} every value the operation produces (the default ` +
        "serdes is JSON: avoid BigInt, functions and circular references).",
      { cause },
    );
    this.direction = direction;
    this.operationId = operationId;
  }
}

/** The first line of an {@link InvalidDurableEventError} message, as the official SDK writes it. */
export const INVALID_DURABLE_EVENT_MESSAGE_PREFIX =
  "Unexpected payload provided to start the durable execution.\n" +
  "Check your resource configurations to confirm the durability is set.";

/**
 * The Lambda event is not a durable execution envelope: the function was invoked without durable
 * execution enabled, or directly instead of through Lambda's durable invocation.
 *
 * @example
 * ```ts
 * if (typeof event.DurableExecutionArn !== "string") {
 *   throw new InvalidDurableEventError("DurableExecutionArn", "is missing");
 * }
 * ```
 */
export class InvalidDurableEventError extends Error {
  override readonly name: string = "InvalidDurableEventError";
  /** The envelope field that is missing or invalid. */
  readonly field: string;

  /**
   * @param field - The envelope field that is missing or invalid, e.g. `CheckpointToken`.
   * @param problem - What is wrong with it, e.g. "is missing" or "is not a string".
   */
  constructor(field: string, problem: string, options?: { cause?: unknown }) {
    super(
      `${INVALID_DURABLE_EVENT_MESSAGE_PREFIX}\n` +
        `The event's "${field}" ${problem}. Enable durable execution on the function (its DurableConfig) ` +
        "and invoke a qualified ARN (a published version or an alias); a plain test event or an " +
        "invocation of a function without DurableConfig does not carry the durable envelope.",
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.field = field;
  }
}

/**
 * An option given to the engine is invalid (for example both `client` and `durableExecutionClient`,
 * or a wait shorter than one second). Thrown as early as possible, before any state is touched.
 *
 * @example
 * ```ts
 * throw new DurableConfigurationError(
 *   "maxAttempts must be an integer of at least 1, got 0. Use maxAttempts: 1 to disable retries.",
 *   { option: "maxAttempts" },
 * );
 * ```
 */
export class DurableConfigurationError extends Error {
  override readonly name: string = "DurableConfigurationError";
  /** The option at fault, when there is one. */
  readonly option: string | undefined;

  /** @param message - Which option is wrong, why, and how to fix it. */
  constructor(message: string, options?: { option?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.option = options?.option;
  }
}

function describeOperation(id: string, name: string | undefined): string {
  return name === undefined ? `"${id}"` : `"${name}" (id ${id})`;
}
