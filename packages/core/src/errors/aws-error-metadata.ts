/** What an AWS SDK v3 service error says about the failed request. */
export interface AwsErrorMetadata {
  /** The service error code, e.g. `ThrottlingException` (the error's `name`). */
  errorCode?: string;
  /** The HTTP status of the response (`$metadata.httpStatusCode`). */
  statusCode?: number;
  /** The AWS request id (`$metadata.requestId`), needed for support tickets. */
  requestId?: string;
}

/**
 * The code, HTTP status and request id of an AWS SDK v3 error (one carrying `$metadata`); an empty
 * object for anything else. Read structurally so it works without importing the AWS SDK.
 *
 * @example
 * ```ts
 * const { statusCode, requestId } = awsErrorMetadata(error);
 * logger.error("Failed to checkpoint.", { statusCode, requestId });
 * ```
 */
export function awsErrorMetadata(error: unknown): AwsErrorMetadata {
  if (typeof error !== "object" || error === null) return {};
  const candidate = error as { name?: unknown; $metadata?: unknown };
  const metadata = candidate.$metadata;
  if (typeof metadata !== "object" || metadata === null) return {};
  const { httpStatusCode, requestId } = metadata as { httpStatusCode?: unknown; requestId?: unknown };
  const result: AwsErrorMetadata = {};
  if (typeof candidate.name === "string") result.errorCode = candidate.name;
  if (typeof httpStatusCode === "number") result.statusCode = httpStatusCode;
  if (typeof requestId === "string") result.requestId = requestId;
  return result;
}

/** `"code ThrottlingException, HTTP 429, request id abc"`, or `""` when nothing is known. */
export function describeAwsErrorMetadata(metadata: AwsErrorMetadata): string {
  const parts: string[] = [];
  if (metadata.errorCode !== undefined) parts.push(`code ${metadata.errorCode}`);
  if (metadata.statusCode !== undefined) parts.push(`HTTP ${metadata.statusCode}`);
  if (metadata.requestId !== undefined) parts.push(`request id ${metadata.requestId}`);
  return parts.join(", ");
}
