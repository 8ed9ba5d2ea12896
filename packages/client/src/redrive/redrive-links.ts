import { nextRedriveName, parseDurableExecutionArn, redriveSourceName } from "@durable-lambda/core/internal";
import { InvalidClientArgumentError } from "../errors/client-errors.js";
import type { ServiceCalls } from "../service-calls.js";

/** The neighbours of an execution in its redrive chain. */
export interface RedriveLinks {
  /** The execution it redrives. */
  readonly redrivenFrom: string | undefined;
  /** Its redrive. */
  readonly redrivenTo: string | undefined;
}

/** The function, qualifier and name of an execution, read from its ARN. */
export function executionCoordinates(
  method: string,
  executionArn: string,
): { functionName: string; qualifier: string | undefined; executionName: string } {
  const parts = parseDurableExecutionArn(executionArn);
  if (parts === undefined) {
    throw new InvalidClientArgumentError(
      "executionArn",
      `${method}: ${JSON.stringify(executionArn)} is not a durable execution ARN. Expected ` +
        "arn:aws:lambda:REGION:ACCOUNT:function:NAME:QUALIFIER/durable-execution/EXECUTION_NAME/EXECUTION_ID, " +
        "as start() and list() return it.",
    );
  }
  return { functionName: parts.functionName, qualifier: parts.qualifier, executionName: parts.executionName };
}

/**
 * Finds the previous and next links of an execution's redrive chain by name among the executions of
 * its function and qualifier (a redrive is named after its chain, see `redriveExecutionName`).
 */
export async function findRedriveLinks(calls: ServiceCalls, executionArn: string): Promise<RedriveLinks> {
  const { functionName, qualifier, executionName } = executionCoordinates("describe", executionArn);
  const sourceName = redriveSourceName(executionName);
  const nextName = nextRedriveName(executionName);
  const [redrivenFrom, redrivenTo] = await Promise.all([
    sourceName === undefined ? undefined : calls.findByName(functionName, qualifier, sourceName),
    nextName === undefined ? undefined : calls.findByName(functionName, qualifier, nextName),
  ]);
  return { redrivenFrom, redrivenTo };
}
