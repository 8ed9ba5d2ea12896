import type { ErrorObject, Event, EventType as LambdaEventType, Operation } from "@aws-sdk/client-lambda";

/** The detail member of an `Event` for each event type: `<EventType>Details`. */
type DetailsKey<T extends LambdaEventType> = `${T}Details` & keyof Event;

/** Detail payload for event type `T`. */
export type EventDetails<T extends LambdaEventType> = NonNullable<Event[DetailsKey<T>]>;

/** The subset of an operation an event copies. */
export type EventSubject = Pick<Operation, "Id" | "Name" | "ParentId" | "SubType">;

/** A service history event: number, type, time, the operation it is about, and its details. */
export function buildEvent<T extends LambdaEventType>(
  eventId: number,
  eventType: T,
  timestamp: Date,
  subject: EventSubject | undefined,
  details: EventDetails<T>,
): Event {
  const event: Event = { EventType: eventType, EventId: eventId, EventTimestamp: timestamp };
  if (subject?.Id !== undefined) event.Id = subject.Id;
  if (subject?.Name !== undefined) event.Name = subject.Name;
  if (subject?.ParentId !== undefined) event.ParentId = subject.ParentId;
  if (subject?.SubType !== undefined) event.SubType = subject.SubType;
  (event as Record<string, unknown>)[`${eventType}Details`] = details;
  return event;
}

/** `{Payload}` wrapper of an event result or input, leaving out an absent payload. */
export function payloadOf(payload: string | undefined): { Payload?: string } {
  return payload === undefined ? {} : { Payload: payload };
}

/** `{Payload}` wrapper of an event error, leaving out an absent error. */
export function errorOf(error: ErrorObject | undefined): { Payload?: ErrorObject } {
  return error === undefined ? {} : { Payload: error };
}

const DATA_MEMBERS = ["Input", "Result", "Error"] as const;

/**
 * A copy of `event` without execution data (inputs, results, errors), as returned when
 * `IncludeExecutionData` is false.
 */
export function withoutExecutionData(event: Event): Event {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (!key.endsWith("Details") || typeof value !== "object" || value === null) continue;
    const details: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const member of DATA_MEMBERS) {
      const wrapped = details[member];
      if (typeof wrapped === "object" && wrapped !== null && "Payload" in wrapped) {
        const { Payload: _dropped, ...rest } = wrapped as Record<string, unknown>;
        details[member] = rest;
      }
    }
    copy[key] = details;
  }
  return copy as Event;
}
