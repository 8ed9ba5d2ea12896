import { OperationStatus, OperationType } from "../constants.js";
import type { ExecutionRecord, OperationRecord } from "./records.js";
import type { UnitOfWork } from "./unit-of-work.js";

function isFinishedContext(record: OperationRecord | undefined): boolean {
  if (record === undefined || record.op.Type !== OperationType.CONTEXT) return false;
  const status = record.op.Status;
  return status === OperationStatus.SUCCEEDED || status === OperationStatus.FAILED;
}

/**
 * Operations the function gets in its state, in start order: children of a finished context are
 * left out (transitively) unless that context replays its children.
 */
export function visibleOperations(records: readonly OperationRecord[]): OperationRecord[] {
  const byId = new Map(records.map((record) => [record.op.Id as string, record]));
  const hidden = new Set<string>();
  const visible: OperationRecord[] = [];
  for (const record of records) {
    const parentId = record.op.ParentId;
    if (parentId !== undefined) {
      const parent = byId.get(parentId);
      const parentHidesChildren =
        isFinishedContext(parent) && parent?.op.ContextDetails?.ReplayChildren !== true;
      if (hidden.has(parentId) || parentHidesChildren) {
        hidden.add(record.op.Id as string);
        continue;
      }
    }
    visible.push(record);
  }
  return visible;
}

/**
 * Ids of operations with a finished context among their ancestors (a map or parallel that
 * completed early leaves such items behind). The function never visits them again, so nothing
 * about them can make an invocation due or count as pending work.
 */
export function finishedSubtreeIds(records: readonly OperationRecord[]): Set<string> {
  const byId = new Map(records.map((record) => [record.op.Id as string, record]));
  const inside = new Set<string>();
  for (const record of records) {
    const parentId = record.op.ParentId;
    if (parentId === undefined) continue;
    if (inside.has(parentId) || isFinishedContext(byId.get(parentId))) inside.add(record.op.Id as string);
  }
  return inside;
}

/** True when some ancestor of the operation is a finished context. */
export function isUnderFinishedContext(
  state: UnitOfWork,
  exec: ExecutionRecord,
  record: OperationRecord,
): boolean {
  let parentId = record.op.ParentId;
  while (parentId !== undefined) {
    const parent = state.operation(exec, parentId);
    if (parent === undefined) return false;
    if (isFinishedContext(parent)) return true;
    parentId = parent.op.ParentId;
  }
  return false;
}

/** The records with the given ids, in start order. */
export function inStartOrder(records: readonly OperationRecord[], ids: readonly string[]): OperationRecord[] {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  return records.filter((record) => wanted.has(record.op.Id as string));
}
