import { DurableConfigurationError } from "../errors/engine-errors.js";
import { SetupProblem } from "./checkpoint-setup-error.js";

/** How many `cause` / `errors` links to follow: HTTP clients wrap socket errors. */
const CAUSE_DEPTH = 4 as const;

/**
 * Which setup problem a failed call reveals, if any: a missing region, missing credentials, an
 * endpoint that refuses connections, or a transport configuration error. `undefined` for everything
 * else (service errors, throttling, timeouts), which `classifyCheckpointError` handles.
 *
 * @example
 * ```ts
 * diagnoseSetupProblem(new Error("Region is missing")); // "region"
 * ```
 */
export function diagnoseSetupProblem(error: unknown): SetupProblem | undefined {
  if (error instanceof DurableConfigurationError) return SetupProblem.CONFIGURATION;
  let node = error;
  for (let depth = 0; depth <= CAUSE_DEPTH; depth++) {
    if (typeof node !== "object" || node === null) return undefined;
    const { name, message, code, errors, cause } = node as {
      name?: unknown;
      message?: unknown;
      code?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof message === "string" && message.startsWith("Region is missing")) return SetupProblem.REGION;
    if (name === "CredentialsProviderError") return SetupProblem.CREDENTIALS;
    if (code === "ECONNREFUSED") return SetupProblem.CONNECTION_REFUSED;
    // Node reports a refused connection to every address of a host as an AggregateError.
    node = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}
