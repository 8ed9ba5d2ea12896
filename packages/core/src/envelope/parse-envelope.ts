import { InvalidDurableEventError } from "../errors/index.js";
import type { DurableExecutionClient } from "../types/core.js";
import type { WireOperation } from "../types/wire.js";

/** The envelope Lambda sends a durable function, validated. */
export interface DurableEnvelope {
  readonly durableExecutionArn: string;
  readonly checkpointToken: string;
  readonly operations: WireOperation[];
  readonly nextMarker: string | undefined;
  readonly updatedOperationIds: readonly string[];
  /** A transport carried by the event itself (test harnesses such as the official local runner). */
  readonly embeddedClient: DurableExecutionClient | undefined;
}

const EMBEDDED_CLIENT_CLASS = "DurableExecutionInvocationInputWithClient";

function isClient(value: unknown): value is DurableExecutionClient {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as DurableExecutionClient).checkpoint === "function" &&
    typeof (value as DurableExecutionClient).getExecutionState === "function"
  );
}

/**
 * Recognises an envelope that carries its own client, by shape and name rather than `instanceof`
 * (it comes from another package): the official testing runner and ours both send one.
 */
function embeddedClientOf(event: object): DurableExecutionClient | undefined {
  if (!("durableExecutionClient" in event)) return undefined;
  const tagged =
    Object.prototype.toString.call(event) === `[object ${EMBEDDED_CLIENT_CLASS}]` ||
    event.constructor?.name === EMBEDDED_CLIENT_CLASS;
  const client = (event as { durableExecutionClient: unknown }).durableExecutionClient;
  return tagged && isClient(client) ? client : undefined;
}

/**
 * Validates the Lambda event as a durable envelope: `DurableExecutionArn`, `CheckpointToken` and
 * `InitialExecutionState` (`Operations`, `NextMarker`). A missing ARN or token is a Lambda error (thrown), not a FAILED execution: no durable execution
 * exists to fail, and the message tells the user to configure the function as durable.
 */
export function parseEnvelope(event: unknown): DurableEnvelope {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    const kind = event === null ? "null" : Array.isArray(event) ? "an array" : `a ${typeof event}`;
    throw new InvalidDurableEventError("event", `is ${kind}, not a durable execution envelope object`);
  }
  const envelope = event as Record<string, unknown>;
  const arn = envelope.DurableExecutionArn;
  if (typeof arn !== "string" || arn.length === 0) {
    throw new InvalidDurableEventError("DurableExecutionArn", "is missing or empty");
  }
  const token = envelope.CheckpointToken;
  if (typeof token !== "string" || token.length === 0) {
    throw new InvalidDurableEventError("CheckpointToken", "is missing or empty");
  }
  const initial = envelope.InitialExecutionState ?? {};
  if (typeof initial !== "object" || initial === null) {
    throw new InvalidDurableEventError("InitialExecutionState", "is not an object");
  }
  const { Operations: operations = [], NextMarker: nextMarker } = initial as {
    Operations?: unknown;
    NextMarker?: unknown;
  };
  if (!Array.isArray(operations)) {
    throw new InvalidDurableEventError("InitialExecutionState.Operations", "is not an array of operations");
  }
  if (nextMarker !== undefined && nextMarker !== null && typeof nextMarker !== "string") {
    throw new InvalidDurableEventError("InitialExecutionState.NextMarker", "is not a string");
  }
  const updated = envelope.UpdatedOperationIds;
  return {
    durableExecutionArn: arn,
    checkpointToken: token,
    operations: operations as WireOperation[],
    nextMarker: typeof nextMarker === "string" && nextMarker.length > 0 ? nextMarker : undefined,
    updatedOperationIds: Array.isArray(updated)
      ? (updated.filter((id) => typeof id === "string") as string[])
      : [],
    embeddedClient: embeddedClientOf(event),
  };
}
