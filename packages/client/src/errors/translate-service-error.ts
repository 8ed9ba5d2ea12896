import {
  DurableExecutionsError,
  ExecutionAlreadyStartedError,
  ExecutionNotFoundError,
  ThrottledError,
} from "./client-errors.js";

/** What the request was about, for the message of the typed error. */
export interface ServiceErrorSubject {
  /** The API call, e.g. `GetDurableExecution`. */
  readonly operation: string;
  /** The ARN, callback id or function name the call named. */
  readonly resource: string;
  /** The execution name, for `Invoke`. */
  readonly executionName?: string | undefined;
}

const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  "TooManyRequestsException",
  "ThrottlingException",
  "Throttling",
]);
const HTTP_TOO_MANY_REQUESTS = 429;

/**
 * Maps an error of `@aws-sdk/client-lambda` to the typed error of this package (not found,
 * already started, throttled); any other error is returned unchanged, so nothing is hidden.
 */
export function translateServiceError(error: unknown, subject: ServiceErrorSubject): unknown {
  if (error instanceof DurableExecutionsError || !(error instanceof Error)) return error;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (error.name === "ResourceNotFoundException") {
    return new ExecutionNotFoundError(subject.resource, { cause: error });
  }
  if (error.name === "DurableExecutionAlreadyStartedException") {
    return new ExecutionAlreadyStartedError(subject.resource, subject.executionName, { cause: error });
  }
  if (THROTTLING_NAMES.has(error.name) || status === HTTP_TOO_MANY_REQUESTS) {
    return new ThrottledError(subject.operation, { cause: error });
  }
  return error;
}
