import { AsyncLocalStorage } from "node:async_hooks";
import type { DurableLogData } from "../types/logger.js";

/** Facts about the invocation that log records and plugins need. */
export interface InvocationFacts {
  readonly durableExecutionArn: string;
  readonly requestId: string;
  readonly tenantId: string | undefined;
}

/**
 * The durable frame code runs in: the invocation, and the operation (a step attempt, a child
 * context) whose user code is running. Kept in AsyncLocalStorage so logs and plugins see the right
 * operation across `await`s and concurrent branches, and so no state outlives an invocation.
 */
export interface OperationFrame {
  readonly invocation: InvocationFacts;
  /** Hashed id of the operation whose code runs in this frame; undefined at the root. */
  readonly operationId?: string | undefined;
  readonly operationName?: string | undefined;
  /** 1-based attempt of a step or condition check. */
  readonly attempt?: number | undefined;
  /** Hashed id of the enclosing context. */
  readonly parentId?: string | undefined;
  /**
   * Unhashed id of the context whose function runs in this frame (undefined at the root): only
   * that context may start operations here, and none may inside an attempt.
   */
  readonly contextId?: string | undefined;
  /** Whether code running directly in this frame replays earlier work; absent in attempts (live). */
  readonly isReplaying?: (() => boolean) | undefined;
}

export const operationFrames = new AsyncLocalStorage<OperationFrame>();

/** Durable metadata of the frame that is active now (for log records). */
export function currentDurableLogData(): DurableLogData | undefined {
  const frame = operationFrames.getStore();
  if (frame === undefined) return undefined;
  const data: DurableLogData = {
    requestId: frame.invocation.requestId,
    executionArn: frame.invocation.durableExecutionArn,
  };
  if (frame.invocation.tenantId !== undefined) data.tenantId = frame.invocation.tenantId;
  if (frame.operationId !== undefined) data.operationId = frame.operationId;
  if (frame.operationName !== undefined) data.operationName = frame.operationName;
  if (frame.attempt !== undefined) data.attempt = frame.attempt;
  if (frame.parentId !== undefined) data.parentId = frame.parentId;
  data.isReplaying = frame.isReplaying?.() ?? false;
  return data;
}
