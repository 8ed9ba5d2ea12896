import type {
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  GetDurableExecutionRequest,
  GetDurableExecutionResponse,
  StopDurableExecutionRequest,
  StopDurableExecutionResponse,
} from "@aws-sdk/client-lambda";
import { ExecutionStatus } from "../constants.js";
import { withoutExecutionData } from "../history.js";
import { finishExecution } from "../lifecycle.js";
import { invalidParameter } from "../request-errors.js";
import type { ServiceRuntime } from "../runtime.js";
import type { ExecutionRecord } from "../state/records.js";
import { fireDueTimers } from "../timers.js";
import { encodeMarker } from "../tokens.js";
import { validateErrorObject } from "../validation/error-object.js";
import { markerOffset, parsePageSize, requireExecution } from "./lookups.js";

/** What `GetDurableExecution` answers for an execution. */
export function describeExecution(exec: ExecutionRecord, includeData: boolean): GetDurableExecutionResponse {
  const response: GetDurableExecutionResponse = {
    DurableExecutionArn: exec.arn,
    DurableExecutionName: exec.name,
    FunctionArn: exec.functionArn,
    StartTimestamp: new Date(exec.startTimestamp),
    Status: exec.status,
    Version: exec.version,
    ExecutionDataIncluded: includeData,
  };
  if (exec.endTimestamp !== undefined) response.EndTimestamp = new Date(exec.endTimestamp);
  if (exec.executionTimeoutSeconds !== undefined) {
    response.DurableConfig = { ExecutionTimeout: exec.executionTimeoutSeconds };
  }
  if (includeData) {
    response.InputPayload = exec.input;
    if (exec.result !== undefined) response.Result = exec.result;
    if (exec.error !== undefined) response.Error = structuredClone(exec.error);
  }
  return response;
}

/** `GetDurableExecution`: status, input, result or error of an execution. */
export function getExecution(
  runtime: ServiceRuntime,
  request: GetDurableExecutionRequest,
): GetDurableExecutionResponse {
  const exec = requireExecution(runtime, request.DurableExecutionArn, "GetDurableExecution");
  fireDueTimers(runtime, exec);
  return describeExecution(exec, request.IncludeExecutionData !== false);
}

/** `GetDurableExecutionHistory`: the execution's events, paged, optionally newest first. */
export function getHistory(
  runtime: ServiceRuntime,
  request: GetDurableExecutionHistoryRequest,
): GetDurableExecutionHistoryResponse {
  const api = "GetDurableExecutionHistory";
  const exec = requireExecution(runtime, request.DurableExecutionArn, api);
  const pageSize = parsePageSize(request.MaxItems, api);
  const offset = markerOffset(request.Marker, "history", exec, api);
  fireDueTimers(runtime, exec);
  const events = runtime.state.events(exec);
  const all = request.ReverseOrder === true ? events.reverse() : events;
  const includeData = request.IncludeExecutionData !== false;
  const page = all
    .slice(offset, offset + pageSize)
    .map((event) => (includeData ? structuredClone(event) : withoutExecutionData(structuredClone(event))));
  const response: GetDurableExecutionHistoryResponse = { Events: page };
  if (offset + page.length < all.length) {
    response.NextMarker = encodeMarker({
      kind: "history",
      executionId: exec.id,
      offset: offset + page.length,
    });
  }
  return response;
}

/** `StopDurableExecution`: ends a running execution with status STOPPED. */
export function stopExecution(
  runtime: ServiceRuntime,
  request: StopDurableExecutionRequest,
): StopDurableExecutionResponse {
  const exec = requireExecution(runtime, request.DurableExecutionArn, "StopDurableExecution");
  validateErrorObject(request.Error, "StopDurableExecution");
  fireDueTimers(runtime, exec);
  if (exec.status !== ExecutionStatus.RUNNING) {
    throw invalidParameter(
      `Cannot stop durable execution ${exec.arn}: it has already completed with status ${exec.status}.`,
    );
  }
  finishExecution(runtime, exec, ExecutionStatus.STOPPED, { error: request.Error ?? undefined });
  return { StopTimestamp: new Date(exec.endTimestamp ?? runtime.clock.now()) };
}
