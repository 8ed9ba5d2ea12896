import { awsErrorMetadata } from "../errors/aws-error-metadata.js";
import type { DurableLogger } from "../types/logger.js";

/**
 * Logs with PascalCase `Error` / `ResponseMetadata` extras, the keys the durable execution SDKs of
 * other languages log, so the AWS request id is searchable the same way. Loaded with the first
 * failed call that has a logger to report to.
 */
export function logApiFailure(logger: DurableLogger, message: string, error: unknown): void {
  const { errorCode, statusCode, requestId } = awsErrorMetadata(error);
  logger.error(message, {
    Error: { Code: errorCode, Message: error instanceof Error ? error.message : String(error) },
    ResponseMetadata: { RequestId: requestId, HTTPStatusCode: statusCode },
  });
}
