/** Where an execution lives: region and account the service pretends to be. */
export interface ArnScope {
  region: string;
  accountId: string;
}

const FUNCTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const FUNCTION_ARN_PATTERN = /^arn:aws[a-z-]*:lambda:[^:]+:\d+:function:([^:]+)(?::([^:]+))?$/;
const PARTIAL_ARN_PATTERN = /^\d+:function:([^:]+)(?::([^:]+))?$/;

/** True for a valid Lambda function name (letters, digits, `-`, `_`; 1–64 characters). */
export function isValidFunctionName(name: string): boolean {
  return FUNCTION_NAME_PATTERN.test(name);
}

/** True for a valid durable execution name. */
export function isValidExecutionName(name: string): boolean {
  return EXECUTION_NAME_PATTERN.test(name);
}

/**
 * The bare function name from any of the forms Lambda accepts: `name`, `name:qualifier`,
 * `123456789012:function:name[:qualifier]` or a full function ARN.
 */
export function functionNameFrom(nameOrArn: string): string {
  const full = FUNCTION_ARN_PATTERN.exec(nameOrArn) ?? PARTIAL_ARN_PATTERN.exec(nameOrArn);
  if (full?.[1] !== undefined) return full[1];
  const colon = nameOrArn.indexOf(":");
  return colon === -1 ? nameOrArn : nameOrArn.slice(0, colon);
}

/**
 * The qualifier (version or alias) in `name:qualifier` or a qualified ARN, if any.
 */
export function qualifierFrom(nameOrArn: string): string | undefined {
  const full = FUNCTION_ARN_PATTERN.exec(nameOrArn) ?? PARTIAL_ARN_PATTERN.exec(nameOrArn);
  if (full !== null) return full[2];
  const colon = nameOrArn.indexOf(":");
  return colon === -1 ? undefined : nameOrArn.slice(colon + 1);
}

/** Qualified function ARN, e.g. `arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST`. */
export function functionArn(scope: ArnScope, functionName: string, version: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${functionName}:${version}`;
}

/**
 * Durable execution ARN:
 * `arn:aws:lambda:REGION:ACCOUNT:function:NAME:VERSION/durable-execution/EXECUTION_NAME/EXECUTION_ID`.
 * The EXECUTION operation's id is the last segment.
 */
export function durableExecutionArn(
  scope: ArnScope,
  functionName: string,
  version: string,
  executionName: string,
  executionId: string,
): string {
  return `${functionArn(scope, functionName, version)}/durable-execution/${executionName}/${executionId}`;
}
