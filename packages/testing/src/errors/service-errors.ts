import { randomUUID } from "node:crypto";

/**
 * Error codes the local service uses; the same names the Lambda API returns.
 *
 * @example
 * ```ts
 * if (error.name === ServiceErrorCode.ResourceNotFound) console.log("no such execution");
 * ```
 */
export const ServiceErrorCode = {
  InvalidParameterValue: "InvalidParameterValueException",
  ResourceNotFound: "ResourceNotFoundException",
  TooManyRequests: "TooManyRequestsException",
  Service: "ServiceException",
  CallbackTimeout: "CallbackTimeoutException",
  DurableExecutionAlreadyStarted: "DurableExecutionAlreadyStartedException",
  RequestTooLarge: "RequestTooLargeException",
  UnknownOperation: "UnknownOperationException",
  InvalidRequestContent: "InvalidRequestContentException",
} as const;

/** One of the {@link ServiceErrorCode} values. */
export type ServiceErrorCode = (typeof ServiceErrorCode)[keyof typeof ServiceErrorCode];

/**
 * HTTP status codes of the service's errors, as in the Lambda API model.
 *
 * @example
 * ```ts
 * ServiceErrorHttpStatus.TooManyRequestsException; // 429
 * ```
 */
export const ServiceErrorHttpStatus = {
  InvalidParameterValueException: 400,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
  ServiceException: 500,
  CallbackTimeoutException: 400,
  DurableExecutionAlreadyStartedException: 409,
  RequestTooLargeException: 413,
  UnknownOperationException: 404,
  InvalidRequestContentException: 400,
} as const satisfies Record<ServiceErrorCode, number>;

/**
 * The member that carries the message in each error's JSON body. The Lambda model uses
 * `message` for some errors and `Message` for others; the AWS SDK reads either.
 */
export const ServiceErrorMessageMember: Readonly<Record<string, "message" | "Message">> = {
  InvalidParameterValueException: "message",
  TooManyRequestsException: "message",
  RequestTooLargeException: "message",
  InvalidRequestContentException: "message",
  ResourceNotFoundException: "Message",
  ServiceException: "Message",
  CallbackTimeoutException: "Message",
  DurableExecutionAlreadyStartedException: "Message",
};

/** Options of {@link DurableServiceError}. */
export interface DurableServiceErrorOptions {
  /** HTTP status code. Default: the code's status from {@link ServiceErrorHttpStatus}, else 400. */
  httpStatusCode?: number;
  /** `'client'` for 4xx, `'server'` for 5xx. Default: derived from the status code. */
  fault?: "client" | "server";
  /** Request id reported in `$metadata.requestId`. Default: a new UUID. */
  requestId?: string;
  /** For `TooManyRequestsException`: seconds the caller should wait. */
  retryAfterSeconds?: string;
  /** For `TooManyRequestsException`: the throttle reason. */
  reason?: string;
  /** The underlying cause, if any. */
  cause?: unknown;
}

/**
 * An error thrown by the local durable service, shaped like an AWS SDK service exception:
 * `name` is the error code, with `$fault`, `$metadata.httpStatusCode` and `$metadata.requestId`,
 * so engines classify it exactly as they classify errors from the real service.
 *
 * @example
 * ```ts
 * try {
 *   await service.checkpointDurableExecution({ DurableExecutionArn: arn, CheckpointToken: "stale" });
 * } catch (error) {
 *   if (isDurableServiceError(error)) console.log(error.name, error.$metadata.httpStatusCode);
 * }
 * ```
 */
export class DurableServiceError extends Error {
  /** `'client'` (4xx) or `'server'` (5xx), like `ServiceException.$fault` in the AWS SDK. */
  readonly $fault: "client" | "server";
  /** Response metadata, like the AWS SDK's `$metadata`. */
  readonly $metadata: {
    httpStatusCode: number;
    requestId: string;
    attempts: number;
    totalRetryDelay: number;
  };
  /** `"User"` for client errors, `"Service"` for server errors, as in the Lambda error body. */
  readonly Type: "User" | "Service";
  /** For throttling errors: seconds to wait before retrying. */
  readonly retryAfterSeconds: string | undefined;
  /** For throttling errors: the throttle reason. */
  readonly Reason: string | undefined;

  constructor(code: string, message: string, options: DurableServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    const status =
      options.httpStatusCode ??
      (ServiceErrorHttpStatus as Readonly<Record<string, number>>)[code] ??
      ServiceErrorHttpStatus.InvalidParameterValueException;
    this.$fault = options.fault ?? (status >= 500 ? "server" : "client");
    this.Type = this.$fault === "server" ? "Service" : "User";
    this.$metadata = {
      httpStatusCode: status,
      requestId: options.requestId ?? randomUUID(),
      attempts: 1,
      totalRetryDelay: 0,
    };
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.Reason = options.reason;
  }
}

/**
 * Creates a {@link DurableServiceError}; handy for fault injection with any error code
 * (for example a `KMSAccessDeniedException` with status 502).
 *
 * @example
 * ```ts
 * service.injectFault({ api: "checkpoint", error: createServiceError("KMSAccessDeniedException", "denied", { httpStatusCode: 502 }) });
 * ```
 */
export function createServiceError(
  code: string,
  message: string,
  options?: DurableServiceErrorOptions,
): DurableServiceError {
  return new DurableServiceError(code, message, options);
}

/**
 * True if `value` is a {@link DurableServiceError} (or any object shaped like an AWS SDK
 * service exception: a `name`, a `$fault` and `$metadata.httpStatusCode`).
 *
 * @example
 * ```ts
 * if (isDurableServiceError(error) && error.name === "ResourceNotFoundException") { ... }
 * ```
 */
export function isDurableServiceError(value: unknown): value is DurableServiceError {
  if (value instanceof DurableServiceError) return true;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return (
    typeof candidate.name === "string" &&
    (candidate.$fault === "client" || candidate.$fault === "server") &&
    typeof candidate.$metadata?.httpStatusCode === "number"
  );
}

/** Marks an error that simulates a broken connection (the HTTP server drops the socket). */
export const NETWORK_FAULT = Symbol.for("durable-lambda.testing.network-fault");

/**
 * Creates an error like the one the AWS SDK raises when the connection drops (no HTTP
 * response, so no `$metadata.httpStatusCode`).
 *
 * @example
 * ```ts
 * service.injectFault({ api: "checkpoint", error: createNetworkError() });
 * ```
 */
export function createNetworkError(message = "socket hang up"): Error & { code: string } {
  const error = new Error(message) as Error & { code: string; [NETWORK_FAULT]: true; $metadata: object };
  error.code = "ECONNRESET";
  error[NETWORK_FAULT] = true;
  error.$metadata = {};
  return error;
}

/** True if the error simulates a broken connection. */
export function isNetworkFault(error: unknown): boolean {
  return typeof error === "object" && error !== null && NETWORK_FAULT in error;
}

/**
 * A misuse of the local runner or service API (bad option, unknown operation name, …); not a
 * simulated service error.
 *
 * @example
 * ```ts
 * new LocalDurableRunner({ handler, maxInvocationRetries: -1 }); // throws LocalRunnerError
 * ```
 */
export class LocalRunnerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LocalRunnerError";
  }
}
