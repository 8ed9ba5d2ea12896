import { AsyncLocalStorage } from "node:async_hooks";
import type { DurableLogData, OperationInfo } from "@durable-lambda/core";
import { activeInvocations, type InvocationScope } from "./invocation-registry.js";
import { ROOT_CONTEXT_KEY } from "./replay-tracker.js";

/** What code runs in a frame: the handler itself, a step attempt, or a child context function. */
export const FrameKind = {
  ROOT: "root",
  ATTEMPT: "attempt",
  CONTEXT: "context",
  /** The adapters' own per-invocation set-up and clean-up: never replaying. */
  HOOK: "hook",
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** The durable frame user code runs in, as the plugin hooks describe it. */
export interface DurableFrame {
  readonly kind: FrameKind;
  readonly invocation: InvocationScope | undefined;
  /** The step attempt or child context whose code runs in this frame; absent at the root. */
  readonly operation?: OperationInfo;
}

/**
 * Frames set by the plugins' wrap hooks. AsyncLocalStorage keeps concurrent branches (map items,
 * parallel branches) and concurrent invocations apart.
 */
export const durableFrames = new AsyncLocalStorage<DurableFrame>();

/** The frame of the code running now, if a plugin of this package set one. */
export function currentFrame(): DurableFrame | undefined {
  return durableFrames.getStore();
}

/** The invocation the code running now belongs to. */
export function currentInvocation(
  frame: DurableFrame | undefined,
  logData?: DurableLogData,
): InvocationScope | undefined {
  return frame?.invocation ?? activeInvocations.find(logData?.executionArn);
}

/**
 * Whether the code running now replays work an earlier invocation did, so its records and metrics
 * were already emitted. Code inside a step attempt never replays. `logData` is the engine's view of
 * the frame (a logger attached with `configureLogger`); it is used when no plugin set a frame, and
 * its `isReplaying`, when the engine provides one, decides.
 */
export function isReplayingNow(
  frame: DurableFrame | undefined,
  logData?: DurableLogData,
  invocation = currentInvocation(frame, logData),
): boolean {
  if (frame?.kind === FrameKind.ATTEMPT || frame?.kind === FrameKind.HOOK || logData?.attempt !== undefined) {
    return false;
  }
  // An engine that knows the replay state of the frame says so in its log data: exact, use it.
  if (typeof logData?.isReplaying === "boolean") return logData.isReplaying;
  if (invocation === undefined) return false;
  let contextKey: string;
  if (frame?.kind === FrameKind.CONTEXT && frame.operation !== undefined) {
    contextKey = invocation.replay.childKeyOf(frame.operation);
  } else {
    contextKey = logData?.operationId ?? ROOT_CONTEXT_KEY;
  }
  return invocation.replay.isReplaying(contextKey);
}
