import { LambdaApiError } from "./lambda-api-error.js";

/** The AWS SDK's standard retry mode, which the default transport follows. */
export const RetryPolicy = {
  /** Attempts per call, the first included. */
  MAX_ATTEMPTS: 3,
  /** Base of the exponential backoff, and its base for throttling errors. */
  BASE_DELAY_MS: 100,
  THROTTLING_BASE_DELAY_MS: 500,
  /** Ceiling of one backoff delay. */
  MAX_DELAY_MS: 20_000,
} as const;

const THROTTLING_CODES: ReadonlySet<string> = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const TOO_MANY_REQUESTS = 429;
const TRANSIENT_NETWORK_CODES: ReadonlySet<unknown> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
]);

function isThrottling(error: unknown): boolean {
  return (
    error instanceof LambdaApiError &&
    (THROTTLING_CODES.has(error.name) || error.$metadata.httpStatusCode === TOO_MANY_REQUESTS)
  );
}

/**
 * Milliseconds to wait before the next attempt of a call that failed with `error` on attempt
 * `attempt` (1-based), or `undefined` when it must not be retried: throttling, 5xx answers,
 * timeouts and broken connections are retried up to {@link RetryPolicy.MAX_ATTEMPTS} attempts with
 * full-jitter exponential backoff; everything else (4xx answers) is not.
 *
 * @example
 * ```ts
 * const delay = retryDelayMs(error, attempt);
 * if (delay === undefined) throw error;
 * ```
 */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= RetryPolicy.MAX_ATTEMPTS) return undefined;
  const throttled = isThrottling(error);
  const retryable =
    throttled ||
    (error instanceof LambdaApiError
      ? TRANSIENT_STATUSES.has(error.$metadata.httpStatusCode)
      : typeof error === "object" &&
        error !== null &&
        ((error as { name?: unknown }).name === "TimeoutError" ||
          TRANSIENT_NETWORK_CODES.has((error as { code?: unknown }).code)));
  if (!retryable) return undefined;
  const base = throttled ? RetryPolicy.THROTTLING_BASE_DELAY_MS : RetryPolicy.BASE_DELAY_MS;
  return Math.floor(random() * Math.min(RetryPolicy.MAX_DELAY_MS, base * 2 ** (attempt - 1)));
}
