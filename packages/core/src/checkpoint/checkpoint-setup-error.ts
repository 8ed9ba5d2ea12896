import { UnrecoverableError, UnrecoverableErrorScope } from "../errors/engine-errors.js";

/** What is wrong with the function's setup, as told by a failed call to the durable execution API. */
export const SetupProblem = {
  /** No AWS region: the AWS SDK cannot tell which endpoint to call. */
  REGION: "region",
  /** No AWS credentials: requests cannot be signed. */
  CREDENTIALS: "credentials",
  /** Nothing listens at the endpoint (a wrong `AWS_ENDPOINT_URL_LAMBDA`, a local service not started). */
  CONNECTION_REFUSED: "connection-refused",
  /** The transport's own configuration is invalid. */
  CONFIGURATION: "configuration",
} as const;
export type SetupProblem = (typeof SetupProblem)[keyof typeof SetupProblem];

const FIXES = {
  [SetupProblem.REGION]:
    "The AWS SDK found no region. Lambda sets AWS_REGION for every function; elsewhere set AWS_REGION " +
    '(for example AWS_REGION=us-east-1), or pass a LambdaClient with a region: withDurableExecution(handler, { client: new LambdaClient({ region: "us-east-1" }) }).',
  [SetupProblem.CREDENTIALS]:
    "No AWS credentials were found to sign the request. Lambda provides the execution role's credentials " +
    "in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; elsewhere set those variables or " +
    "AWS_PROFILE, or pass a LambdaClient with credentials as the `client` option.",
  [SetupProblem.CONNECTION_REFUSED]:
    "Nothing accepts connections at the durable execution endpoint. Check AWS_ENDPOINT_URL_LAMBDA (or " +
    "AWS_ENDPOINT_URL, or the endpoint of the LambdaClient you pass): when it points at a local durable " +
    "service, start that service first.",
  [SetupProblem.CONFIGURATION]: "Fix the option named above.",
} as const satisfies Record<SetupProblem, string>;

/**
 * A call to the durable execution API failed because of how the function is set up — no region, no
 * credentials, an endpoint that refuses connections — not because of a passing fault. Retrying the
 * same invocation cannot help until the setup is fixed. The execution is not marked FAILED: the
 * invocation ends with this error, and once the setup is fixed the execution resumes from its last
 * checkpoint.
 *
 * @example
 * ```ts
 * if (error instanceof CheckpointSetupError && error.problem === "region") {
 *   console.error("set AWS_REGION");
 * }
 * ```
 */
export class CheckpointSetupError extends UnrecoverableError {
  override readonly name: string = "CheckpointSetupError";
  readonly scope = UnrecoverableErrorScope.INVOCATION;
  /** What is wrong. */
  readonly problem: SetupProblem;

  /**
   * @param lead - What failed, e.g. "Failed to checkpoint the durable execution".
   * @param problem - The diagnosis, from `diagnoseSetupProblem`.
   * @param cause - The transport's error.
   */
  constructor(lead: string, problem: SetupProblem, cause?: unknown) {
    const causeMessage = cause instanceof Error ? cause.message : String(cause);
    super(
      `${lead}: ${causeMessage}. This is a setup problem, not a transient failure: retrying will not help ` +
        `until it is fixed. ${FIXES[problem]} The execution is not marked FAILED; it resumes from its last ` +
        "checkpoint once the setup is fixed.",
      { cause },
    );
    this.problem = problem;
  }
}
