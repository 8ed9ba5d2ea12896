import { DurableServiceError, ServiceErrorCode } from "../../errors/service-errors.js";
import { ServiceLimits } from "../constants.js";
import { invalidParameter } from "../request-errors.js";
import type { ServiceRuntime } from "../runtime.js";
import type { ExecutionRecord } from "../state/records.js";
import { decodeMarker } from "../tokens.js";

/** For the management APIs, which answer an unknown ARN with ResourceNotFoundException. */
export function requireExecution(
  runtime: ServiceRuntime,
  executionArn: unknown,
  api: string,
): ExecutionRecord {
  if (typeof executionArn !== "string" || executionArn.length === 0) {
    throw invalidParameter(`${api}: DurableExecutionArn is required.`);
  }
  const exec = runtime.state.executionByArn(executionArn);
  if (exec === undefined) {
    throw new DurableServiceError(
      ServiceErrorCode.ResourceNotFound,
      `Durable execution not found: ${executionArn}. Check the ARN; executions exist only in the service that started them.`,
    );
  }
  return exec;
}

/**
 * For the APIs a function calls (checkpoint, state). Their API model has no
 * ResourceNotFoundException, so an unknown ARN is an invalid parameter.
 */
export function requireExecutionForFunction(
  runtime: ServiceRuntime,
  executionArn: unknown,
  api: string,
): ExecutionRecord {
  if (typeof executionArn !== "string" || executionArn.length === 0) {
    throw invalidParameter(
      `${api}: DurableExecutionArn is required; pass the ARN from the invocation event.`,
    );
  }
  const exec = runtime.state.executionByArn(executionArn);
  if (exec === undefined) {
    throw invalidParameter(
      `${api}: no durable execution ${executionArn} exists. Pass the DurableExecutionArn from the invocation event.`,
    );
  }
  return exec;
}

/** `MaxItems` of a paged API: 0 or absent means the default page size. */
export function parsePageSize(value: unknown, api: string, allowZero = true): number {
  if (value === undefined || value === null || (allowZero && value === 0))
    return ServiceLimits.defaultPageSize;
  const min = allowZero ? 0 : 1;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < min ||
    value > ServiceLimits.maxPageSize
  ) {
    throw invalidParameter(
      `${api}: MaxItems must be an integer from ${min} to ${ServiceLimits.maxPageSize}` +
        `${allowZero ? ` (0 means the default of ${ServiceLimits.defaultPageSize})` : ""}; got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** The offset a state or history `Marker` stands for (0 without one). */
export function markerOffset(
  marker: unknown,
  kind: "state" | "history",
  exec: ExecutionRecord,
  api: string,
): number {
  if (marker === undefined || marker === null || marker === "") return 0;
  const data = decodeMarker(marker);
  if (data === undefined || data.kind !== kind || data.executionId !== exec.id) {
    throw invalidParameter(
      `${api}: invalid Marker. Pass the NextMarker of the previous page of the same execution.`,
    );
  }
  return data.offset;
}
