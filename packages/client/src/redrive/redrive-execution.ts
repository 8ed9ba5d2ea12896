import {
  checkRedrivable,
  nextRedriveName,
  RedriveCondition,
  RedriveLimits,
} from "@durable-lambda/core/internal";
import { ExecutionNotRedrivableError } from "../errors/client-errors.js";
import type { ServiceCalls } from "../service-calls.js";
import { executionCoordinates } from "./redrive-links.js";

/**
 * What `redrive()` returns.
 *
 * @example
 * ```ts
 * const { executionArn, redriveDate }: RedriveResult = await executions.redrive(failedArn);
 * ```
 */
export interface RedriveResult {
  /** The ARN of the new execution that continues the source. */
  executionArn: string;
  /** When the redrive started. */
  redriveDate: Date;
}

/**
 * Redrives `sourceArn`: checks the conditions, then starts the next execution of its chain (same
 * function, qualifier and input; named `<first name>--redrive-<n>`). When the source already has its
 * redrive, that one is returned: the name is derived from the source, and the service answers a
 * start with a known name and the same input with the existing execution, so retries and
 * concurrent callers never start a second redrive.
 */
export async function redriveExecution(
  calls: ServiceCalls,
  sourceArn: string,
  now: () => number,
): Promise<RedriveResult> {
  const { functionName, qualifier, executionName } = executionCoordinates("redrive", sourceArn);
  const nextName = nextRedriveName(executionName);
  const existing =
    nextName === undefined ? undefined : await calls.findByName(functionName, qualifier, nextName);
  if (existing !== undefined) return resultOf(calls, existing);

  const [source, historyEventCount] = await Promise.all([
    calls.getExecution(sourceArn, true),
    calls.countHistoryEvents(sourceArn, RedriveLimits.maxSourceHistoryEvents),
  ]);
  const check = checkRedrivable(
    {
      executionName,
      status: source.Status ?? "RUNNING",
      endDate: source.EndTimestamp,
      historyEventCount,
    },
    now(),
  );
  if (!check.redrivable) throw new ExecutionNotRedrivableError(sourceArn, check.condition, check.reason);
  if (nextName === undefined) {
    throw new ExecutionNotRedrivableError(sourceArn, RedriveCondition.nameLength, "Its name is too long.");
  }
  const output = await calls.invoke({
    functionName,
    qualifier,
    executionName: nextName,
    payload: source.InputPayload ?? "{}",
    wait: false,
  });
  const executionArn =
    output.DurableExecutionArn ?? (await calls.findByName(functionName, qualifier, nextName));
  if (executionArn === undefined) {
    throw new ExecutionNotRedrivableError(
      sourceArn,
      RedriveCondition.status,
      `The service accepted the redrive ${nextName} but returned no execution ARN and lists none; ` +
        "check that the function is a durable function.",
    );
  }
  return resultOf(calls, executionArn);
}

async function resultOf(calls: ServiceCalls, executionArn: string): Promise<RedriveResult> {
  const execution = await calls.getExecution(executionArn, false);
  return { executionArn, redriveDate: execution.StartTimestamp ?? new Date() };
}
