import type { DurableLogData } from "@durable-lambda/core";
import {
  currentFrame,
  currentInvocation,
  type DurableFrame,
  isReplayingNow,
} from "../scope/durable-frames.js";
import type { InvocationScope } from "../scope/invocation-registry.js";

/** Where a record comes from: the durable frame, and whether that code is replaying. */
export interface RecordOrigin {
  readonly frame: DurableFrame | undefined;
  /** The engine's view of the frame, read only when no plugin of this package set a frame. */
  readonly logData: DurableLogData | undefined;
  readonly invocation: InvocationScope | undefined;
  readonly replaying: boolean;
}

/**
 * The origin of a record made now. The plugins' frame decides; without one, the engine's logging
 * context (`durableLogData`, when the logger is the context's logger) says where the code runs.
 */
export function currentRecordOrigin(durableLogData: () => DurableLogData | undefined): RecordOrigin {
  const frame = currentFrame();
  const logData = frame?.invocation === undefined ? durableLogData() : undefined;
  const invocation = currentInvocation(frame, logData);
  return { frame, logData, invocation, replaying: isReplayingNow(frame, logData, invocation) };
}
