import type { ErrorObject, Operation, OperationUpdate } from "../types/wire.js";
import type { OperationInfo, PluginOperationStatus } from "./types.js";

/**
 * Rebuilds the error of a stored error object (`DurableOperationError.fromErrorObject`). The engine
 * passes it in, so the plugin chunk needs none of the error classes.
 */
export type ErrorFromObject = (error: ErrorObject) => Error;

/** What an operation call knows about itself before any record exists: the fields of its updates. */
export type OperationIdentity = Pick<OperationUpdate, "Id" | "ParentId" | "Name" | "Type" | "SubType">;

function storedResult(record: Operation): string | undefined {
  return (
    record.StepDetails?.Result ??
    record.CallbackDetails?.Result ??
    record.ContextDetails?.Result ??
    record.ChainedInvokeDetails?.Result
  );
}

function storedError(record: Operation): ErrorObject | undefined {
  return (
    record.StepDetails?.Error ??
    record.CallbackDetails?.Error ??
    record.ContextDetails?.Error ??
    record.ChainedInvokeDetails?.Error
  );
}

/**
 * The plugin view of an operation: the fields of its checkpointed `record` when there is one,
 * completed by `identity` (an operation about to start has no record yet). Absent fields are left
 * out rather than set to `undefined`.
 */
export function operationInfo(
  record: Operation | undefined,
  identity: OperationIdentity | undefined,
  isReplay: boolean,
  errorFromObject: ErrorFromObject,
): OperationInfo {
  const info: OperationInfo = {
    id: record?.Id ?? identity?.Id ?? "",
    type: record?.Type ?? identity?.Type ?? "",
    isReplay,
  };
  const name = record?.Name ?? identity?.Name;
  if (name !== undefined) info.name = name;
  const subType = record?.SubType ?? identity?.SubType;
  if (subType !== undefined) info.subType = subType;
  const parentId = record?.ParentId ?? identity?.ParentId;
  if (parentId !== undefined) info.parentId = parentId;
  if (record === undefined) return info;
  if (record.Status !== undefined) info.status = record.Status as PluginOperationStatus;
  if (record.StartTimestamp !== undefined) info.startTimestamp = record.StartTimestamp;
  if (record.EndTimestamp !== undefined) info.endTimestamp = record.EndTimestamp;
  const result = storedResult(record);
  if (result !== undefined) info.result = result;
  const error = storedError(record);
  if (error !== undefined) info.error = errorFromObject(error);
  const attempt = record.StepDetails?.Attempt;
  if (attempt !== undefined) info.attempt = attempt;
  return info;
}

/** Plugin views of `records`, by id (replay flags false: these are snapshots, not events). */
export function operationInfoMap(
  records: Iterable<Operation>,
  errorFromObject: ErrorFromObject,
  reuse?: Record<string, OperationInfo>,
): Record<string, OperationInfo> {
  const map: Record<string, OperationInfo> = {};
  for (const record of records) {
    const id = record.Id;
    if (id === undefined) continue;
    map[id] = reuse?.[id] ?? operationInfo(record, undefined, false, errorFromObject);
  }
  return map;
}
