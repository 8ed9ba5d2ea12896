/** What an AWS SDK v3 error says about the request, kept in the same place (`$metadata`). */
export interface LambdaApiErrorMetadata {
  httpStatusCode: number;
  requestId?: string | undefined;
  attempts: number;
}

/**
 * An error answer of the Lambda durable execution API, shaped like the AWS SDK's service errors so
 * it is classified and logged the same way: `name` is the error code (`TooManyRequestsException`,
 * `InvalidParameterValueException`, `KMSAccessDeniedException`, …), `message` the service's message,
 * `$metadata.httpStatusCode` and `$metadata.requestId` the HTTP status and AWS request id, `$fault`
 * whose side the fault is on.
 *
 * @example
 * ```ts
 * if (error instanceof LambdaApiError && error.$metadata.httpStatusCode === 429) backOff();
 * ```
 */
export class LambdaApiError extends Error {
  override name: string;
  readonly $fault: "client" | "server";
  readonly $metadata: LambdaApiErrorMetadata;

  /**
   * @param code - The error code the service sent, used as `name`.
   * @param message - The service's message.
   * @param metadata - HTTP status, request id and attempts.
   */
  constructor(code: string, message: string, metadata: LambdaApiErrorMetadata) {
    super(message);
    this.name = code;
    this.$metadata = metadata;
    this.$fault = metadata.httpStatusCode >= SERVER_ERROR_MIN ? "server" : "client";
  }
}

/** The lowest HTTP status of a server fault. */
export const SERVER_ERROR_MIN = 500;
