import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { isTerminalStatus } from "../state/execution-state.js";
import type { AwaitTracker } from "../invocation/suspension-monitor.js";
import { OperationSubType } from "../types/core.js";
import { type Operation, OperationAction, OperationType } from "../types/wire.js";
import { assertReplayConsistent, updateBase } from "./operation-support.js";

const MILLIS_PER_SECOND = 1000;

function isDone(operation: Operation): boolean {
  return isTerminalStatus(operation.Status);
}

/**
 * `context.wait` (seed row E3): a WAIT START with the number of seconds; the service completes it at
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
  const { state, queue, monitor } = scope.runtime;
  let record = state.get(ids.hashed);
  assertReplayConsistent(scope, ids, record, { type: OperationType.WAIT, name, subType: OperationSubType.WAIT });
  state.visit(ids.hashed);
  if (record !== undefined && isDone(record)) return;

  monitor.beginWork();
  try {
    let dueInMs: number | undefined;
    if (record === undefined) {
      await queue.enqueue({
        ...updateBase(scope, ids, OperationType.WAIT, OperationSubType.WAIT, name),
        Action: OperationAction.START,
        WaitOptions: { WaitSeconds: seconds },
      });
      dueInMs = seconds * MILLIS_PER_SECOND;
      // The response may already report the wait finished (seed row C4).
      record = state.get(ids.hashed);
      if (record !== undefined && isDone(record)) return;
    } else {
      const end = record.WaitDetails?.ScheduledEndTimestamp;
      dueInMs = end === undefined ? undefined : end.getTime() - Date.now();
    }
    await monitor.block(ids.hashed, tracker, isDone, dueInMs);
  } finally {
    monitor.endWork();
  }
}
