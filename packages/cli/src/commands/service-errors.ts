import { CliError } from "../errors/cli-errors.js";

/** What to do about the errors a Lambda endpoint answers with. */
const ADVICE_BY_ERROR: Readonly<Record<string, string>> = {
  ResourceNotFoundException:
    "Check the ARN or name (list executions with `durable-lambda executions list <function>`).",
  InvalidParameterValueException: "Check the arguments against `--help`.",
  AccessDeniedException: "Use credentials allowed to call the Lambda durable execution APIs (--profile).",
  UnrecognizedClientException:
    "Check your AWS credentials (--profile) or point --endpoint-url at the dev server.",
  CredentialsProviderError:
    "Configure AWS credentials (--profile, AWS_PROFILE) or point --endpoint-url at the dev server.",
  TooManyRequestsException: "Retry in a moment.",
};

/**
 * Turns an error from a Lambda endpoint (or the network) into a one-line {@link CliError}:
 * what failed, the service's message and what to do.
 *
 * @example
 * ```ts
 * await client.send(command).catch((error) => { throw describeServiceError(error, "stop"); });
 * ```
 */
export function describeServiceError(error: unknown, action: string): CliError {
  if (!(error instanceof Error)) return new CliError(`${action} failed: ${String(error)}.`);
  const code = (error as { code?: string }).code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ECONNRESET") {
    return new CliError(
      `${action} failed: cannot reach the endpoint (${code}). Start the dev server (durable-lambda dev) or fix --endpoint-url.`,
      { cause: error },
    );
  }
  const advice = ADVICE_BY_ERROR[error.name] ?? "";
  return new CliError(
    `${action} failed: ${error.name}: ${error.message}${advice === "" ? "" : ` ${advice}`}`,
    {
      cause: error,
    },
  );
}
