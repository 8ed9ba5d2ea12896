import type { RedriveCondition } from "@durable-lambda/core/internal";

/**
 * Options every error of this package takes: the underlying cause, when there is one.
 *
 * @example
 * ```ts
 * new ThrottledError("Invoke", { cause: serviceError });
 * ```
 */
export interface ClientErrorOptions {
  readonly cause?: unknown;
}

/**
 * Base class of the errors `DurableExecutions` throws for the service's answers, so a caller can
 * catch them all with one `instanceof`.
 *
 * @example
 * ```ts
 * try {
 *   await executions.describe(arn);
 * } catch (error) {
 *   if (error instanceof DurableExecutionsError) console.error(error.message);
 * }
 * ```
 */
export class DurableExecutionsError extends Error {
  override readonly name: string = "DurableExecutionsError";
  /** The service's HTTP status code, when the error came from a response. */
  readonly statusCode: number | undefined;
  /** The service's request id, when the error came from a response. */
  readonly requestId: string | undefined;

  constructor(message: string, options: ClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const metadata = (options.cause as { $metadata?: { httpStatusCode?: number; requestId?: string } })
      ?.$metadata;
    this.statusCode = metadata?.httpStatusCode;
    this.requestId = metadata?.requestId;
  }
}

/**
 * The execution, callback or function named in the request does not exist (the service answered
 * `ResourceNotFoundException`).
 *
 * @example
 * ```ts
 * await executions.describe(arn).catch((error) => {
 *   if (error instanceof ExecutionNotFoundError) return undefined;
 *   throw error;
 * });
 * ```
 */
export class ExecutionNotFoundError extends DurableExecutionsError {
  override readonly name = "ExecutionNotFoundError";
  /** The ARN, callback id or function name that was not found. */
  readonly resource: string;

  constructor(resource: string, options: ClientErrorOptions = {}) {
    super(
      `${resource} was not found: the service has no such durable execution, callback or function. ` +
        "Check the ARN or id (copy it from start(), list() or the callback's creator), the region and the account.",
      options,
    );
    this.resource = resource;
  }
}

/**
 * An execution with this name already exists with a different input (the service answered
 * `DurableExecutionAlreadyStartedException`). Starting with the same name and the same input returns
 * the existing execution instead.
 *
 * @example
 * ```ts
 * await executions.start("orders", { id: 1 }, { name: "order-1" });
 * await executions.start("orders", { id: 2 }, { name: "order-1" }); // throws ExecutionAlreadyStartedError
 * ```
 */
export class ExecutionAlreadyStartedError extends DurableExecutionsError {
  override readonly name = "ExecutionAlreadyStartedError";
  readonly executionName: string | undefined;

  constructor(functionName: string, executionName: string | undefined, options: ClientErrorOptions = {}) {
    super(
      `Function ${functionName} already has a durable execution named ${JSON.stringify(executionName)} with a different ` +
        "input. Execution names are unique per function: reuse the name only with the same input (that returns " +
        "the existing execution), or choose a new name.",
      options,
    );
    this.executionName = executionName;
  }
}

/**
 * The execution cannot be redriven; {@link condition} says which condition failed and the message
 * says why and what to do instead.
 *
 * @example
 * ```ts
 * try {
 *   await executions.redrive(arn);
 * } catch (error) {
 *   if (error instanceof ExecutionNotRedrivableError && error.condition === "status") return;
 *   throw error;
 * }
 * ```
 */
export class ExecutionNotRedrivableError extends DurableExecutionsError {
  override readonly name = "ExecutionNotRedrivableError";
  readonly executionArn: string;
  readonly condition: RedriveCondition;

  constructor(executionArn: string, condition: RedriveCondition, reason: string) {
    super(`Cannot redrive ${executionArn}. ${reason}`);
    this.executionArn = executionArn;
    this.condition = condition;
  }
}

/**
 * The service throttled the request (`TooManyRequestsException` or HTTP 429) after the AWS SDK's
 * own retries.
 *
 * @example
 * ```ts
 * const executions = new DurableExecutions({ client: new LambdaClient({ maxAttempts: 10 }) });
 * ```
 */
export class ThrottledError extends DurableExecutionsError {
  override readonly name = "ThrottledError";

  constructor(operation: string, options: ClientErrorOptions = {}) {
    super(
      `${operation} was throttled by the service: too many requests for the account's quota, even after the AWS ` +
        "SDK's retries. Retry later with backoff, raise maxAttempts on the LambdaClient, or request a quota increase.",
      options,
    );
  }
}

/**
 * An option or argument given to `DurableExecutions` is invalid; the message names it and says
 * what is expected.
 *
 * @example
 * ```ts
 * new DurableExecutions({ regoin: "eu-west-1" }); // throws: unknown option "regoin"; known options are …
 * ```
 */
export class InvalidClientArgumentError extends DurableExecutionsError {
  override readonly name = "InvalidClientArgumentError";
  /** The option or argument at fault. */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(message);
    this.argument = argument;
  }
}
