/**
 * Why a redrive could not continue its source.
 *
 * @example
 * ```ts
 * if (error instanceof RedriveError && error.failure === RedriveFailure.inputMismatch) console.error(error.message);
 * ```
 */
export const RedriveFailure = {
  /** The function did not opt in with `redrive: true`. */
  notEnabled: "notEnabled",
  /** The transport cannot read other executions (it lacks `getExecutionHistory` or `listExecutionsByFunction`). */
  transport: "transport",
  /** No execution of this function and qualifier has the source's name. */
  sourceNotFound: "sourceNotFound",
  /** The source is not FAILED, TIMED_OUT or STOPPED, ended more than 14 days before, or its history is too large. */
  sourceNotRedrivable: "sourceNotRedrivable",
  /** The redrive's input differs from the source's. */
  inputMismatch: "inputMismatch",
  /** The service refused to show the source (for example, missing permissions). */
  sourceUnreadable: "sourceUnreadable",
} as const;
export type RedriveFailure = (typeof RedriveFailure)[keyof typeof RedriveFailure];

/**
 * A redrive execution could not continue its source; the execution fails with this error. The
 * message says which check failed and what to do.
 *
 * @example
 * ```ts
 * const { error } = await executions.describe(redriveArn);
 * if (error === "RedriveError") console.log("the redrive was refused; see cause");
 * ```
 */
export class RedriveError extends Error {
  override readonly name = "RedriveError";
  /** The check that failed. */
  readonly failure: RedriveFailure;

  constructor(failure: RedriveFailure, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.failure = failure;
  }
}
