import { closeCallback } from "./callbacks.js";
import { EventType, ExecutionStatus, OperationStatus } from "./constants.js";
import { finishExecution } from "./lifecycle.js";
import type { ServiceRuntime } from "./runtime.js";
import type { ExecutionRecord, TimerKind, TimerRecord } from "./state/records.js";

/**
 * Timers a runner may skip to at once: a retry or a wait only ends a delay the workflow chose.
 * The others (callback and heartbeat timeouts, the execution timeout) end something a test may
 * still be about to do, such as answering a callback.
 */
export const SKIPPABLE_TIMER_KINDS: ReadonlySet<TimerKind> = new Set(["retry", "wait"]);

/** The timers a runner skips to only after a quiet period (see {@link SKIPPABLE_TIMER_KINDS}). */
export const GUARDED_TIMER_KINDS: readonly TimerKind[] = [
  "callbackTimeout",
  "callbackHeartbeat",
  "executionTimeout",
];

const CALLBACK_TIMEOUT_MESSAGES = {
  callbackTimeout: "Callback timed out",
  callbackHeartbeat: "Callback timed out on heartbeat",
} as const;

/** The earliest timer of the execution (of these kinds, when given). */
export function earliestTimer(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  kinds?: readonly TimerKind[],
): TimerRecord | undefined {
  let earliest: TimerRecord | undefined;
  for (const timer of runtime.state.timers(exec)) {
    if (kinds !== undefined && !kinds.includes(timer.kind)) continue;
    if (earliest === undefined || timer.dueAt < earliest.dueAt) earliest = timer;
  }
  return earliest;
}

/**
 * Fires every timer of the execution that is due on the clock, earliest first.
 * @returns how many fired.
 */
export function fireDueTimers(runtime: ServiceRuntime, exec: ExecutionRecord): number {
  const { state, clock } = runtime;
  const now = clock.now();
  const due = state
    .timers(exec)
    .filter((timer) => timer.dueAt <= now)
    .sort((a, b) => a.dueAt - b.dueAt);
  let fired = 0;
  for (const timer of due) {
    // An earlier timer of this batch may have cleared it (a callback closed by its timeout).
    const stillSet = state
      .timers(exec)
      .some((t) => t.kind === timer.kind && t.operationId === timer.operationId);
    if (!stillSet) continue;
    state.clearTimer(exec, timer.kind, timer.operationId);
    if (exec.status !== ExecutionStatus.RUNNING) break;
    fired += 1;
    fireTimer(runtime, exec, timer);
  }
  return fired;
}

// What a timer ends, ends at the timer's due time, however late the service notices: histories
// do not depend on how busy the machine was.
function fireTimer(runtime: ServiceRuntime, exec: ExecutionRecord, timer: TimerRecord): void {
  const dueAt = new Date(timer.dueAt);
  if (timer.kind === "executionTimeout") {
    finishExecution(
      runtime,
      exec,
      ExecutionStatus.TIMED_OUT,
      {
        error: {
          ErrorType: "ExecutionTimedOut",
          ErrorMessage: `The durable execution timed out after ${exec.executionTimeoutSeconds} seconds.`,
        },
      },
      dueAt,
    );
    return;
  }
  const record = runtime.state.operation(exec, timer.operationId);
  if (record === undefined) return;
  const op = record.op;
  switch (timer.kind) {
    case "retry":
      if (op.Status !== OperationStatus.PENDING) return;
      op.Status = OperationStatus.READY;
      runtime.changed(exec, record, true);
      return;
    case "wait": {
      if (op.Status !== OperationStatus.STARTED) return;
      op.Status = OperationStatus.SUCCEEDED;
      op.EndTimestamp = dueAt;
      runtime.state.appendEvent(exec, EventType.WaitSucceeded, dueAt, op, { Duration: record.waitSeconds });
      runtime.changed(exec, record, true);
      return;
    }
    case "callbackTimeout":
    case "callbackHeartbeat":
      if (op.Status !== OperationStatus.STARTED) return;
      closeCallback(
        runtime,
        exec,
        record,
        OperationStatus.TIMED_OUT,
        {
          error: { ErrorMessage: CALLBACK_TIMEOUT_MESSAGES[timer.kind] },
        },
        dueAt,
      );
      return;
  }
}
