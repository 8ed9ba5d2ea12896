import type { ErrorObject } from "../types/wire.js";

/**
 * How many `cause` links {@link DurableOperationError.toErrorObject} follows when it looks for
 * `errorData` on a wrapped error. Bounded so a cyclic cause chain cannot loop forever.
 */
const ERROR_DATA_CAUSE_DEPTH = 10 as const;

/** The name given to a rebuilt cause when the stored error has no `ErrorType`. */
const GENERIC_ERROR_TYPE = "Error" as const;

/** Messages used when an error is built (or rebuilt from the wire) without one. */
export const DurableOperationErrorDefaultMessage = {
  StepError: "Step failed",
  CallbackError: "Callback failed",
  CallbackExternalError: "Callback failed",
  CallbackTimeoutError: "Callback timed out",
  CallbackSubmitterError: "Callback submitter failed",
  InvokeError: "Invoke failed",
  ChildContextError: "Child context failed",
  WaitForConditionError: "Wait for condition failed",
  PromiseCombinatorError: "Promise combinator failed",
  /** Used when a stored error has an `ErrorType` this package does not know. */
  Unknown: "Unknown error",
} as const;

/**
 * The completion reason given to a {@link BatchCompletionError} rebuilt from the wire: the reason
 * is not stored, and a custom completion failure is the only way the error is raised.
 */
const REBUILT_BATCH_COMPLETION_REASON = "CUSTOM_COMPLETION_FAILED" as const;

const DURABLE_ERROR_TYPE_LIST = [
  "StepError",
  "CallbackError",
  "CallbackExternalError",
  "CallbackTimeoutError",
  "CallbackSubmitterError",
  "InvokeError",
  "ChildContextError",
  "WaitForConditionError",
  "PromiseCombinatorError",
  "BatchCompletionError",
] as const;

/** The `ErrorType` a durable error class stores on the wire: its class name. */
export type DurableErrorType = (typeof DURABLE_ERROR_TYPE_LIST)[number];

/** The `ErrorType` of {@link CallbackError} and its subclasses. */
export type CallbackErrorType = Extract<DurableErrorType, `Callback${string}`>;

/** The `ErrorType`s of the durable error classes, which stored errors are rebuilt as. */
export const DURABLE_ERROR_TYPES: ReadonlySet<string> = new Set<string>(DURABLE_ERROR_TYPE_LIST);

/**
 * Base class of every error a durable operation can reject with. It survives checkpointing: the
 * engine stores it as an {@link ErrorObject} and rebuilds the same class on replay, so code that
 * catches it behaves the same live and on replay.
 *
 * @example
 * ```ts
 * try {
 *   await context.step("charge", async () => charge(order));
 * } catch (error) {
 *   if (error instanceof DurableOperationError) {
 *     context.logger.warn("charge failed", error.errorType, error.cause?.name);
 *   }
 *   throw error;
 * }
 * ```
 */
export abstract class DurableOperationError extends Error {
  /** The `ErrorType` stored on the wire; equal to the class name. */
  abstract readonly errorType: DurableErrorType;
  /** The original error (live) or an `Error` rebuilt from the stored type and message (replay). */
  override cause?: Error;
  /** Opaque data stored with the error (`ErrorData` on the wire). */
  errorData?: string;
  /** Stack lines stored with the error, when a transport provides them. */
  stackTrace?: string[];

  /**
   * @param message - What failed.
   * @param cause - The error that caused it.
   * @param errorData - Opaque data to store alongside the error.
   */
  constructor(message: string, cause?: Error, errorData?: string) {
    super(message);
    this.cause = cause;
    this.errorData = errorData;
  }

  /**
   * Rebuilds the error a failed operation recorded. The class is chosen by `ErrorType`; an unknown
   * type becomes a {@link StepError}. The original error is represented by `cause`, a plain `Error`
   * whose `name` is the stored type.
   *
   * @example
   * ```ts
   * const error = DurableOperationError.fromErrorObject({ ErrorType: "MyError", ErrorMessage: "boom" });
   * error instanceof StepError; // true
   * error.cause?.name; // "MyError"
   * ```
   */
  static fromErrorObject(errorObject: ErrorObject): DurableOperationError {
    const cause = new Error(errorObject.ErrorMessage);
    cause.name = errorObject.ErrorType || GENERIC_ERROR_TYPE;
    if (errorObject.StackTrace !== undefined) cause.stack = errorObject.StackTrace.join("\n");
    // `||` on purpose: an empty stored message falls back to the class's default message.
    const message = errorObject.ErrorMessage || undefined;
    const data = errorObject.ErrorData;
    switch (errorObject.ErrorType) {
      case "StepError":
        return new StepError(message, cause, data);
      case "CallbackError":
        return new CallbackError(message, cause, data);
      case "CallbackExternalError":
        return new CallbackExternalError(message, cause, data);
      case "CallbackTimeoutError":
        return new CallbackTimeoutError(message, cause, data);
      case "CallbackSubmitterError":
        return new CallbackSubmitterError(message, cause, data);
      case "InvokeError":
        return new InvokeError(message, cause, data);
      case "ChildContextError":
        return new ChildContextError(message, cause, data);
      case "WaitForConditionError":
        return new WaitForConditionError(message, cause, data);
      case "PromiseCombinatorError":
        return new PromiseCombinatorError(message, cause, data);
      case "BatchCompletionError":
        return new BatchCompletionError(REBUILT_BATCH_COMPLETION_REASON, message, cause, data);
      default:
        return new StepError(message ?? DurableOperationErrorDefaultMessage.Unknown, cause, data);
    }
  }

  /**
   * The wire form of this error. Stack traces are never stored. When this error has no `errorData`,
   * the first `errorData` found on a wrapped `DurableOperationError` (up to 10 `cause` links) is
   * used, so data survives being wrapped by child contexts.
   *
   * @example
   * ```ts
   * new StepError("boom", undefined, '{"code":42}').toErrorObject();
   * // { ErrorType: "StepError", ErrorMessage: "boom", ErrorData: '{"code":42}', StackTrace: undefined }
   * ```
   */
  toErrorObject(): ErrorObject {
    return {
      ErrorType: this.errorType,
      ErrorMessage: this.message,
      ErrorData: this.errorData ?? findErrorDataInCauses(this.cause),
      StackTrace: undefined,
    };
  }
}

function findErrorDataInCauses(start: unknown): string | undefined {
  let node = start;
  for (let depth = 0; depth < ERROR_DATA_CAUSE_DEPTH && node instanceof Error; depth++) {
    if (node instanceof DurableOperationError && typeof node.errorData === "string") return node.errorData;
    node = node.cause;
  }
  return undefined;
}

/**
 * A step failed for good (its retry strategy gave up), or a failed step was replayed.
 *
 * @example
 * ```ts
 * try {
 *   await context.step("charge", async () => charge(order));
 * } catch (error) {
 *   if (error instanceof StepError) return { status: "payment-failed", reason: error.cause?.message };
 *   throw error;
 * }
 * ```
 */
export class StepError extends DurableOperationError {
  override readonly name: string = "StepError";
  readonly errorType: "StepError" = "StepError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.StepError, cause, errorData);
  }
}

/**
 * A callback failed. Base class of {@link CallbackExternalError}, {@link CallbackTimeoutError} and
 * {@link CallbackSubmitterError}, so one `instanceof CallbackError` catches all of them; also thrown
 * directly for internal callback problems (for example a missing callback id).
 *
 * @example
 * ```ts
 * try {
 *   await context.waitForCallback("approval", async (callbackId) => notify(callbackId));
 * } catch (error) {
 *   if (error instanceof CallbackError) return { approved: false };
 *   throw error;
 * }
 * ```
 */
export class CallbackError extends DurableOperationError {
  override readonly name: string = "CallbackError";
  readonly errorType: CallbackErrorType = "CallbackError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.CallbackError, cause, errorData);
  }
}

/**
 * The external system completed the callback with a failure (`SendDurableExecutionCallbackFailure`).
 *
 * @example
 * ```ts
 * const [promise, callbackId] = await context.createCallback("approval");
 * await context.step("notify", async () => notify(callbackId));
 * await promise.catch((error) => {
 *   if (error instanceof CallbackExternalError) return "rejected";
 *   throw error;
 * });
 * ```
 */
export class CallbackExternalError extends CallbackError {
  override readonly name: string = "CallbackExternalError";
  override readonly errorType: "CallbackExternalError" = "CallbackExternalError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.CallbackExternalError, cause, errorData);
  }
}

/**
 * The callback timed out (its overall timeout or its heartbeat timeout passed).
 *
 * @example
 * ```ts
 * try {
 *   await context.waitForCallback("approval", submit, { timeout: { hours: 24 } });
 * } catch (error) {
 *   if (error instanceof CallbackTimeoutError) return { approved: false, reason: "no answer" };
 *   throw error;
 * }
 * ```
 */
export class CallbackTimeoutError extends CallbackError {
  override readonly name: string = "CallbackTimeoutError";
  override readonly errorType: "CallbackTimeoutError" = "CallbackTimeoutError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.CallbackTimeoutError, cause, errorData);
  }
}

/**
 * The submitter function of `waitForCallback` failed for good.
 *
 * @example
 * ```ts
 * try {
 *   await context.waitForCallback("approval", async (callbackId) => sendEmail(callbackId));
 * } catch (error) {
 *   if (error instanceof CallbackSubmitterError) context.logger.error("could not send", error.cause);
 *   throw error;
 * }
 * ```
 */
export class CallbackSubmitterError extends CallbackError {
  override readonly name: string = "CallbackSubmitterError";
  override readonly errorType: "CallbackSubmitterError" = "CallbackSubmitterError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.CallbackSubmitterError, cause, errorData);
  }
}

/**
 * A chained invoke ended FAILED, TIMED_OUT or STOPPED.
 *
 * @example
 * ```ts
 * try {
 *   await context.invoke("price", "arn:aws:lambda:eu-west-1:123456789012:function:price:live", input);
 * } catch (error) {
 *   if (error instanceof InvokeError) return fallbackPrice;
 *   throw error;
 * }
 * ```
 */
export class InvokeError extends DurableOperationError {
  override readonly name: string = "InvokeError";
  readonly errorType: "InvokeError" = "InvokeError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.InvokeError, cause, errorData);
  }
}

/**
 * A child context (or a map/parallel item) failed. `cause` is the error thrown inside it.
 *
 * @example
 * ```ts
 * try {
 *   await context.runInChildContext("ship", async (child) => ship(child, order));
 * } catch (error) {
 *   if (error instanceof ChildContextError) context.logger.error("shipping failed", error.cause);
 *   throw error;
 * }
 * ```
 */
export class ChildContextError extends DurableOperationError {
  override readonly name: string = "ChildContextError";
  readonly errorType: "ChildContextError" = "ChildContextError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.ChildContextError, cause, errorData);
  }
}

/**
 * A `waitForCondition` failed (replayed without a stored error object).
 *
 * @example
 * ```ts
 * try {
 *   await context.waitForCondition(checkJob, { initialState, waitStrategy });
 * } catch (error) {
 *   if (error instanceof WaitForConditionError) return { done: false };
 *   throw error;
 * }
 * ```
 */
export class WaitForConditionError extends DurableOperationError {
  override readonly name: string = "WaitForConditionError";
  readonly errorType: "WaitForConditionError" = "WaitForConditionError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.WaitForConditionError, cause, errorData);
  }
}

/**
 * A `context.promise.all/any/race/allSettled` combinator rejected.
 *
 * @example
 * ```ts
 * try {
 *   await context.promise.all([a, b]);
 * } catch (error) {
 *   if (error instanceof PromiseCombinatorError) context.logger.warn("one branch failed", error.cause);
 *   throw error;
 * }
 * ```
 */
export class PromiseCombinatorError extends DurableOperationError {
  override readonly name: string = "PromiseCombinatorError";
  readonly errorType: "PromiseCombinatorError" = "PromiseCombinatorError";
  constructor(message?: string, cause?: Error, errorData?: string) {
    super(message || DurableOperationErrorDefaultMessage.PromiseCombinatorError, cause, errorData);
  }
}

/**
 * A map/parallel batch was completed as failed by a custom completion rule, even though no single
 * item may have failed (for example, a quorum could not be reached). Thrown by
 * `BatchResult.throwIfError()`.
 *
 * @example
 * ```ts
 * const result = await context.map("votes", voters, castVote, { completionConfig });
 * try {
 *   result.throwIfError();
 * } catch (error) {
 *   if (error instanceof BatchCompletionError) context.logger.warn("no quorum", error.completionReason);
 *   throw error;
 * }
 * ```
 */
export class BatchCompletionError extends DurableOperationError {
  override readonly name: string = "BatchCompletionError";
  readonly errorType: "BatchCompletionError" = "BatchCompletionError";
  /** Why the batch was treated as failed (for example `CUSTOM_COMPLETION_FAILED`). */
  readonly completionReason: string;

  constructor(completionReason: string, message?: string, cause?: Error, errorData?: string) {
    super(message || `Batch completed as failed by shouldComplete (${completionReason})`, cause, errorData);
    this.completionReason = completionReason;
  }
}
