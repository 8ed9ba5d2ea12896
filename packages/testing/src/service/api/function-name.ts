import { DurableServiceError, ServiceErrorCode } from "../../errors/service-errors.js";
import { functionArn, functionNameFrom, isValidFunctionName, qualifierFrom } from "../arns.js";
import { ServiceDefaults } from "../constants.js";
import { invalidParameter } from "../request-errors.js";
import type { ServiceRuntime } from "../runtime.js";

/** A function named in a request: its bare name and the version asked for. */
export interface NamedFunction {
  name: string;
  /** The qualifier from the name or the `Qualifier` parameter; undefined when none was given. */
  qualifier: string | undefined;
}

/** Reads `FunctionName` (name, `name:qualifier`, partial or full ARN) and `Qualifier`. */
export function parseFunctionName(functionName: unknown, qualifier: unknown, api: string): NamedFunction {
  if (typeof functionName !== "string" || functionName.length === 0) {
    throw invalidParameter(
      `${api}: FunctionName is required (a function name, name:qualifier or function ARN).`,
    );
  }
  const name = functionNameFrom(functionName);
  if (!isValidFunctionName(name)) {
    throw invalidParameter(
      `${api}: ${JSON.stringify(functionName)} is not a valid function name or ARN (names are 1-64 letters, digits, "-" or "_").`,
    );
  }
  const fromName = qualifierFrom(functionName);
  if (qualifier !== undefined && qualifier !== null && typeof qualifier !== "string") {
    throw invalidParameter(`${api}: Qualifier must be a string.`);
  }
  const given = qualifier === null || qualifier === "" ? undefined : qualifier;
  if (fromName !== undefined && given !== undefined && fromName !== given) {
    throw invalidParameter(
      `${api}: the qualifier in FunctionName (${fromName}) and the Qualifier parameter (${given}) differ; give one of them.`,
    );
  }
  return { name, qualifier: fromName ?? given };
}

/** `ResourceNotFoundException` for a function the service does not know. */
export function functionNotFound(runtime: ServiceRuntime, named: NamedFunction): DurableServiceError {
  const arn = functionArn(runtime.scope, named.name, named.qualifier ?? ServiceDefaults.functionVersion);
  return new DurableServiceError(
    ServiceErrorCode.ResourceNotFound,
    `Function not found: ${arn}. Register it with the local service (registerFunction) before invoking or listing it.`,
  );
}
