import type { Execution, ExecutionStatus as LambdaExecutionStatus } from "@aws-sdk/client-lambda";
import { functionNameFrom } from "../arns.js";
import { ExecutionStatus } from "../constants.js";
import { invalidParameter } from "../request-errors.js";
import type { ServiceRuntime } from "../runtime.js";
import type { ExecutionQuery } from "../state/store.js";
import { fireDueTimers } from "../timers.js";
import { decodeListMarker, encodeListMarker } from "../tokens.js";
import { functionNotFound, parseFunctionName } from "./function-name.js";
import { parsePageSize } from "./lookups.js";

/** The `ListDurableExecutionsByFunction` request (timestamps as `Date`s). */
export interface ListDurableExecutionsByFunctionRequest {
  FunctionName: string | undefined;
  Qualifier?: string | undefined;
  DurableExecutionName?: string | undefined;
  Statuses?: readonly string[] | undefined;
  StartedAfter?: Date | undefined;
  StartedBefore?: Date | undefined;
  ReverseOrder?: boolean | undefined;
  Marker?: string | undefined;
  MaxItems?: number | undefined;
}

/** The `ListDurableExecutionsByFunction` response. */
export interface ListDurableExecutionsByFunctionResponse {
  DurableExecutions: Execution[];
  NextMarker?: string;
}

const API = "ListDurableExecutionsByFunction";
const STATUSES: readonly string[] = Object.values(ExecutionStatus);

function checkDate(value: unknown, member: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalidParameter(`${API}: ${member} must be a timestamp; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function checkStatuses(statuses: unknown): LambdaExecutionStatus[] | undefined {
  if (statuses === undefined || statuses === null) return undefined;
  if (!Array.isArray(statuses))
    throw invalidParameter(`${API}: Statuses must be a list of execution statuses.`);
  for (const status of statuses) {
    if (!STATUSES.includes(status)) {
      throw invalidParameter(
        `${API}: ${JSON.stringify(status)} is not an execution status; use ${STATUSES.join(", ")}.`,
      );
    }
  }
  return statuses as LambdaExecutionStatus[];
}

/**
 * Fires the due timers of the function's running executions (timeouts may end them), so a
 * listing that follows in its own transaction sees current statuses.
 */
export function fireDueTimersOfFunction(runtime: ServiceRuntime, functionName: unknown): void {
  if (typeof functionName !== "string") return;
  const name = functionNameFrom(functionName);
  const running = runtime.state.store.queryExecutions({
    functionName: name,
    statuses: [ExecutionStatus.RUNNING],
    reverseOrder: false,
    limit: Number.MAX_SAFE_INTEGER,
  });
  for (const found of running) {
    const exec = runtime.state.execution(found.id);
    if (exec !== undefined) fireDueTimers(runtime, exec);
  }
}

/**
 * `ListDurableExecutionsByFunction`: the executions of a function, oldest first (newest first
 * with `ReverseOrder`), filtered by qualifier, name, statuses and start time, paged by `Marker`.
 */
export function listByFunction(
  runtime: ServiceRuntime,
  request: ListDurableExecutionsByFunctionRequest,
): ListDurableExecutionsByFunctionResponse {
  const named = parseFunctionName(request?.FunctionName, request.Qualifier, API);
  const limit = parsePageSize(request.MaxItems, API, false);
  const statuses = checkStatuses(request.Statuses);
  const startedAfter = checkDate(request.StartedAfter, "StartedAfter");
  const startedBefore = checkDate(request.StartedBefore, "StartedBefore");
  const reverseOrder = request.ReverseOrder === true;
  let afterSequence: number | undefined;
  if (request.Marker !== undefined && request.Marker !== null && request.Marker !== "") {
    const marker = decodeListMarker(request.Marker);
    if (marker === undefined || marker.functionName !== named.name) {
      throw invalidParameter(
        `${API}: invalid Marker. Pass the NextMarker of the previous page of the same function.`,
      );
    }
    afterSequence = marker.sequence;
  }
  const { state } = runtime;
  if (!runtime.functions.has(named.name)) {
    const any = state.store.queryExecutions({ functionName: named.name, reverseOrder: false, limit: 1 });
    if (any.length === 0) throw functionNotFound(runtime, named);
  }
  const query: ExecutionQuery = { functionName: named.name, reverseOrder, limit: limit + 1 };
  if (named.qualifier !== undefined) query.version = named.qualifier;
  if (request.DurableExecutionName != null) query.executionName = request.DurableExecutionName;
  if (statuses !== undefined) query.statuses = statuses;
  if (startedAfter !== undefined) query.startedAfter = startedAfter;
  if (startedBefore !== undefined) query.startedBefore = startedBefore;
  if (afterSequence !== undefined) query.afterSequence = afterSequence;
  const found = state.store.queryExecutions(query).map((exec) => state.execution(exec.id) ?? exec);
  const page = found.slice(0, limit);
  const response: ListDurableExecutionsByFunctionResponse = {
    DurableExecutions: page.map((exec) => {
      const summary: Execution = {
        DurableExecutionArn: exec.arn,
        DurableExecutionName: exec.name,
        FunctionArn: exec.functionArn,
        Status: exec.status,
        StartTimestamp: new Date(exec.startTimestamp),
      };
      if (exec.endTimestamp !== undefined) summary.EndTimestamp = new Date(exec.endTimestamp);
      return summary;
    }),
  };
  const last = page.at(-1);
  if (found.length > limit && last !== undefined) {
    response.NextMarker = encodeListMarker({ functionName: named.name, sequence: last.sequence });
  }
  return response;
}
