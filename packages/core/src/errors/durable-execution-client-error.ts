/**
 * How far a transport failure reaches: `INVOCATION` ends this invocation with an error so Lambda
 * retries it; `EXECUTION` fails the whole durable execution.
 */
export const DurableExecutionClientErrorScope = {
  INVOCATION: "INVOCATION",
  EXECUTION: "EXECUTION",
} as const;
export type DurableExecutionClientErrorScope =
  (typeof DurableExecutionClientErrorScope)[keyof typeof DurableExecutionClientErrorScope];

/** Options of {@link DurableExecutionClientError}. */
export interface DurableExecutionClientErrorOptions {
  /** How far the failure reaches (default `INVOCATION`: retry the invocation). */
  scope?: DurableExecutionClientErrorScope;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Thrown by a custom `DurableExecutionClient` to say how the engine should treat a failure. Without
 * it, transport failures are treated as transient (the invocation is retried).
 *
 * @example
 * ```ts
 * const response = await fetch(url, { method: "POST", body });
 * if (!response.ok) {
 *   throw new DurableExecutionClientError(`checkpoint failed with HTTP ${response.status}`, {
 *     scope: response.status < 500 && response.status !== 429
 *       ? DurableExecutionClientErrorScope.EXECUTION
 *       : DurableExecutionClientErrorScope.INVOCATION,
 *   });
 * }
 * ```
 */
export class DurableExecutionClientError extends Error {
  override readonly name: string = "DurableExecutionClientError";
  /** Structural marker: recognised by {@link isDurableExecutionClientError} across package copies. */
  readonly isDurableExecutionClientError = true as const;
  /** How far the failure reaches. */
  readonly scope: DurableExecutionClientErrorScope;

  constructor(message: string, options?: DurableExecutionClientErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.scope = options?.scope ?? DurableExecutionClientErrorScope.INVOCATION;
  }
}

const VALID_SCOPES: ReadonlySet<unknown> = new Set(Object.values(DurableExecutionClientErrorScope));

/**
 * Whether `error` is a {@link DurableExecutionClientError}, judged by its shape (the marker and a
 * valid scope) rather than `instanceof`, so errors from another copy of this package, or from the
 * official SDK, are honoured. A marker with an unknown scope is not trusted.
 *
 * @example
 * ```ts
 * if (isDurableExecutionClientError(error) && error.scope === "EXECUTION") return failExecution(error);
 * ```
 */
export function isDurableExecutionClientError(error: unknown): error is DurableExecutionClientError {
  // Shape, not `instanceof`: a transport bundled with another copy of the class must still count.
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { isDurableExecutionClientError?: unknown; scope?: unknown };
  return candidate.isDurableExecutionClientError === true && VALID_SCOPES.has(candidate.scope);
}
