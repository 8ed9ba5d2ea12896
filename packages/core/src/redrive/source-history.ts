import { OperationStatus, OperationType } from "../types/wire.js";
import type { HistoryEvent } from "./redrive-transport.js";

/** One operation of the source, folded from its history events. */
export interface SourceOperation {
  readonly id: string;
  parentId: string | undefined;
  name: string | undefined;
  type: OperationType;
  subType: string | undefined;
  status: OperationStatus;
  /** The payload of its success, when it succeeded. */
  result: string | undefined;
  callbackId: string | undefined;
  attempt: number | undefined;
}

/** What a redrive needs to know about its source execution. */
export interface SourceExecution {
  readonly input: string | undefined;
  readonly status: string | undefined;
  readonly endTimestamp: Date | undefined;
  readonly eventCount: number;
  /** Operations other than the execution itself and redrive divergence records, in start order. */
  readonly operations: Map<string, SourceOperation>;
  /** The unhashed ids at which the source, itself a redrive, ran the rest of a context fresh. */
  readonly divergences: string[];
}

/** The sub-type of the STEP record that says where a redrive stopped taking the source's results. */
export const REDRIVE_DIVERGENCE_SUBTYPE = "RedriveDivergence";

const TYPE_BY_EVENT_PREFIX: readonly (readonly [string, OperationType])[] = [
  ["ChainedInvoke", OperationType.CHAINED_INVOKE],
  ["Callback", OperationType.CALLBACK],
  ["Context", OperationType.CONTEXT],
  ["Step", OperationType.STEP],
  ["Wait", OperationType.WAIT],
];

const STATUS_BY_EVENT_SUFFIX: readonly (readonly [string, OperationStatus])[] = [
  ["Started", OperationStatus.STARTED],
  ["Succeeded", OperationStatus.SUCCEEDED],
  ["Failed", OperationStatus.FAILED],
  ["TimedOut", OperationStatus.TIMED_OUT],
  ["Stopped", OperationStatus.STOPPED],
  ["Cancelled", OperationStatus.CANCELLED],
];

const EXECUTION_END_EVENTS: Readonly<Record<string, string>> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionStopped: "STOPPED",
};

interface EventDetails {
  Result?: { Payload?: string };
  Input?: { Payload?: string };
  RetryDetails?: { CurrentAttempt?: number; NextAttemptDelaySeconds?: number };
  CallbackId?: string;
}

function detailsOf(event: HistoryEvent): EventDetails | undefined {
  return event[`${event.EventType}Details`] as EventDetails | undefined;
}

function toDate(value: Date | string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

/**
 * Folds the source's history (read with execution data) into its operations' final state: type,
 * name, status and, for those that succeeded, their result. A step event that schedules another
 * attempt (a retry, a waitForCondition poll) leaves the step pending.
 */
export function foldSourceHistory(events: readonly HistoryEvent[]): SourceExecution {
  const operations = new Map<string, SourceOperation>();
  const divergences: string[] = [];
  let input: string | undefined;
  let status: string | undefined = "RUNNING";
  let endTimestamp: Date | undefined;
  for (const event of events) {
    const eventType = event.EventType ?? "";
    const details = detailsOf(event);
    if (eventType === "ExecutionStarted") {
      input = details?.Input?.Payload;
      continue;
    }
    const executionEnd = EXECUTION_END_EVENTS[eventType];
    if (executionEnd !== undefined) {
      status = executionEnd;
      endTimestamp = toDate(event.EventTimestamp);
      continue;
    }
    const type = TYPE_BY_EVENT_PREFIX.find(([prefix]) => eventType.startsWith(prefix))?.[1];
    const eventStatus = STATUS_BY_EVENT_SUFFIX.find(([suffix]) => eventType.endsWith(suffix))?.[1];
    if (type === undefined || eventStatus === undefined || event.Id === undefined) continue;
    if (event.SubType === REDRIVE_DIVERGENCE_SUBTYPE) {
      const from = readDivergence(details?.Result?.Payload);
      if (from !== undefined) divergences.push(from);
      continue;
    }
    let operation = operations.get(event.Id);
    if (operation === undefined) {
      operation = {
        id: event.Id,
        parentId: event.ParentId,
        name: event.Name,
        type,
        subType: event.SubType,
        status: eventStatus,
        result: undefined,
        callbackId: undefined,
        attempt: undefined,
      };
      operations.set(event.Id, operation);
    }
    const anotherAttempt = details?.RetryDetails?.NextAttemptDelaySeconds !== undefined;
    operation.status = anotherAttempt ? OperationStatus.PENDING : eventStatus;
    operation.attempt = details?.RetryDetails?.CurrentAttempt ?? operation.attempt;
    operation.callbackId = details?.CallbackId ?? operation.callbackId;
    if (eventStatus === OperationStatus.SUCCEEDED) operation.result = details?.Result?.Payload;
  }
  return { input, status, endTimestamp, eventCount: events.length, operations, divergences };
}

/** The unhashed id a divergence record names, from its payload. */
export function readDivergence(payload: string | undefined): string | undefined {
  if (payload === undefined) return undefined;
  try {
    const from = (JSON.parse(payload) as { from?: unknown }).from;
    return typeof from === "string" ? from : undefined;
  } catch {
    return undefined;
  }
}
