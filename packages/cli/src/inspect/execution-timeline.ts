import type { ErrorObject, Event } from "@aws-sdk/client-lambda";

/** How one attempt of an operation (or one invocation) ended.
 *
 * @example
 * ```ts
 * const outcome: SpanOutcome = "SUCCEEDED";
 * ```
 */
export type SpanOutcome = "SUCCEEDED" | "FAILED" | "RUNNING" | "TIMED_OUT" | "STOPPED" | "CANCELLED";

/** One attempt of a step, or the single run of any other operation.
 *
 * @example
 * ```ts
 * const failedAttempts = span.attempts.filter((attempt: AttemptSpan) => attempt.outcome === "FAILED");
 * ```
 */
export interface AttemptSpan {
  startedAt: number;
  /** Undefined while it runs. */
  endedAt: number | undefined;
  outcome: SpanOutcome;
}

/** One durable operation, rebuilt from the history.
 *
 * @example
 * ```ts
 * const waits = timeline.operations.filter((operation: OperationSpan) => operation.type === "WAIT");
 * ```
 */
export interface OperationSpan {
  id: string;
  parentId: string | undefined;
  name: string | undefined;
  /** `STEP`, `WAIT`, `CALLBACK`, `CONTEXT` or `CHAINED_INVOKE`. */
  type: string;
  subType: string | undefined;
  /** The status its last event implies (`PENDING` for a step waiting to retry). */
  status: string;
  startedAt: number;
  endedAt: number | undefined;
  attempts: AttemptSpan[];
  /** When a wait is due. */
  scheduledEndAt: number | undefined;
  /** The id to answer a callback with. */
  callbackId: string | undefined;
  /** The result payload (JSON text), when the history carries data. */
  result: string | undefined;
  error: ErrorObject | undefined;
  /** Nesting level: 0 for operations of the root context. */
  depth: number;
}

/** One invocation of the function, from its `InvocationCompleted` event.
 *
 * @example
 * ```ts
 * const retried = timeline.invocations.filter((invocation: InvocationSpan) => invocation.error !== undefined);
 * ```
 */
export interface InvocationSpan {
  requestId: string | undefined;
  startedAt: number;
  endedAt: number;
  error: ErrorObject | undefined;
}

/** An execution's operations and invocations over time.
 *
 * @example
 * ```ts
 * const timeline: ExecutionTimeline = buildExecutionTimeline(history);
 * ```
 */
export interface ExecutionTimeline {
  /** When the execution started (ms since epoch). */
  startedAt: number;
  /** When it ended, or the latest event for a running one. */
  endedAt: number;
  operations: OperationSpan[];
  invocations: InvocationSpan[];
}

const OPERATION_TYPE_BY_EVENT_PREFIX = [
  ["ChainedInvoke", "CHAINED_INVOKE"],
  ["Callback", "CALLBACK"],
  ["Context", "CONTEXT"],
  ["Step", "STEP"],
  ["Wait", "WAIT"],
] as const;

const OUTCOME_BY_EVENT_SUFFIX: Readonly<Record<string, SpanOutcome>> = {
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Stopped: "STOPPED",
  Cancelled: "CANCELLED",
};

type EventDetails = { Result?: { Payload?: string }; Error?: { Payload?: ErrorObject } };

/** The `…Details` member of an event (each event type has its own). */
function detailsOf(event: Event): EventDetails & Record<string, unknown> {
  const key = `${event.EventType}Details` as keyof Event;
  return (event[key] ?? {}) as EventDetails & Record<string, unknown>;
}

function operationTypeOf(eventType: string): readonly [string, string] | undefined {
  for (const [prefix, type] of OPERATION_TYPE_BY_EVENT_PREFIX) {
    if (eventType.startsWith(prefix)) return [type, eventType.slice(prefix.length)];
  }
  return undefined;
}

function newSpan(
  event: Event,
  type: string,
  at: number,
  depthOf: (parentId: string | undefined) => number,
): OperationSpan {
  return {
    id: event.Id ?? "",
    parentId: event.ParentId,
    name: event.Name,
    type,
    subType: event.SubType,
    status: "STARTED",
    startedAt: at,
    endedAt: undefined,
    attempts: [],
    scheduledEndAt: undefined,
    callbackId: undefined,
    result: undefined,
    error: undefined,
    depth: depthOf(event.ParentId),
  };
}

/**
 * Rebuilds the operations (with step attempts, wait schedules, callback ids, results and errors)
 * and the invocations of an execution from its history, in the order they started.
 *
 * @example
 * ```ts
 * const timeline = buildExecutionTimeline(history); // pass `now` for a running execution
 * timeline.operations.find((operation) => operation.name === "charge")?.attempts.length; // 2
 * ```
 */
export function buildExecutionTimeline(history: readonly Event[], now?: number): ExecutionTimeline {
  const spans = new Map<string, OperationSpan>();
  const invocations: InvocationSpan[] = [];
  const depthOf = (parentId: string | undefined): number => {
    const parent = parentId === undefined ? undefined : spans.get(parentId);
    return parent === undefined ? 0 : parent.depth + 1;
  };
  let startedAt: number | undefined;
  let endedAt = 0;
  for (const event of history) {
    const at = event.EventTimestamp?.getTime() ?? endedAt;
    startedAt ??= at;
    endedAt = Math.max(endedAt, at);
    const eventType = String(event.EventType ?? "");
    const details = detailsOf(event);
    if (eventType === "InvocationCompleted") {
      const invocation = details as { StartTimestamp?: Date; EndTimestamp?: Date; RequestId?: string };
      invocations.push({
        requestId: invocation.RequestId,
        startedAt: invocation.StartTimestamp?.getTime() ?? at,
        endedAt: invocation.EndTimestamp?.getTime() ?? at,
        error: details.Error?.Payload,
      });
      continue;
    }
    const kind = operationTypeOf(eventType);
    if (kind === undefined || event.Id === undefined) continue;
    const [type, phase] = kind;
    let span = spans.get(event.Id);
    if (span === undefined) {
      span = newSpan(event, type, at, depthOf);
      spans.set(event.Id, span);
    }
    if (phase === "Started") {
      span.status = "STARTED";
      span.attempts.push({ startedAt: at, endedAt: undefined, outcome: "RUNNING" });
      const scheduled = details.ScheduledEndTimestamp;
      if (scheduled instanceof Date) span.scheduledEndAt = scheduled.getTime();
      if (typeof details.CallbackId === "string") span.callbackId = details.CallbackId;
      continue;
    }
    const outcome = OUTCOME_BY_EVENT_SUFFIX[phase] ?? "SUCCEEDED";
    let attempt = span.attempts.at(-1);
    if (attempt === undefined || attempt.endedAt !== undefined) {
      attempt = { startedAt: at, endedAt: undefined, outcome: "RUNNING" };
      span.attempts.push(attempt);
    }
    attempt.endedAt = at;
    attempt.outcome = outcome;
    if (details.Result?.Payload !== undefined) span.result = details.Result.Payload;
    if (details.Error?.Payload !== undefined) span.error = details.Error.Payload;
    const retry = details.RetryDetails as { NextAttemptDelaySeconds?: number } | undefined;
    if (retry?.NextAttemptDelaySeconds !== undefined) {
      span.status = "PENDING";
      continue;
    }
    span.status = outcome;
    span.endedAt = at;
  }
  // A running execution's open bars reach to now.
  const running = spans.size === 0 || [...spans.values()].some((span) => span.endedAt === undefined);
  if (now !== undefined && running) endedAt = Math.max(endedAt, now);
  return {
    startedAt: startedAt ?? 0,
    endedAt,
    operations: [...spans.values()],
    invocations,
  };
}
