import type { ContextScope, OperationIds } from "../context/context-scope.js";
import type { AwaitTracker } from "../invocation/suspension-monitor.js";
import { isTerminalStatus } from "../state/execution-state.js";
import { OperationSubType } from "../types/core.js";
import { type Operation, OperationAction, OperationType } from "../types/wire.js";
import { beginOperation, updateBase } from "./operation-support.js";

const MILLIS_PER_SECOND = 1000;

function isDone(operation: Operation): boolean {
  return isTerminalStatus(operation.Status);
}

/**
 * `context.wait`: a WAIT START with the number of seconds; the service completes it at
 * `ScheduledEndTimestamp`. Until then the operation blocks; with nothing else to do the invocation
 * suspends, and a later invocation finds the wait SUCCEEDED.
 */
export async function runWait(
  scope: ContextScope,
  ids: OperationIds,
  tracker: AwaitTracker,
  name: string | undefined,
  seconds: number,
): Promise<void> {
  const { state, queue, monitor, plugins } = scope.runtime;
  let record = beginOperation(scope, ids, { type: OperationType.WAIT, name, subType: OperationSubType.WAIT });
  if (record !== undefined && isDone(record)) {
    if (plugins !== undefined) {
      await plugins.operationFoundEnded(
        updateBase(scope, ids, OperationType.WAIT, OperationSubType.WAIT, name),
        record,
      );
    }
    return;
  }
  const base = updateBase(scope, ids, OperationType.WAIT, OperationSubType.WAIT, name);

  monitor.beginWork();
  try {
    let dueInMs: number | undefined;
    if (record === undefined) {
      await queue.enqueue({ ...base, Action: OperationAction.START, WaitOptions: { WaitSeconds: seconds } });
      dueInMs = seconds * MILLIS_PER_SECOND;
      record = state.get(ids.hashed);
      if (plugins !== undefined) await plugins.operationStarted(base, record, false);
      // The service may complete the wait in its response to the START (a wait already due).
      if (record !== undefined && isDone(record)) {
        if (plugins !== undefined) await plugins.operationEnded(base, record);
        return;
      }
    } else {
      if (plugins !== undefined) await plugins.operationStarted(base, record, true);
      const end = record.WaitDetails?.ScheduledEndTimestamp;
      dueInMs = end === undefined ? undefined : end.getTime() - Date.now();
    }
    await monitor.block(ids.hashed, tracker, isDone, dueInMs);
    if (plugins !== undefined) await plugins.operationEnded(base, state.get(ids.hashed));
  } finally {
    monitor.endWork();
  }
}
