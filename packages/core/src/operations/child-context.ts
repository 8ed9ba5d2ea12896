import { Buffer } from "node:buffer";
import { CheckpointLimits } from "../checkpoint/limits.js";
import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { operationFrames } from "../context/frames.js";
import {
  ChildContextError,
  DurableOperationError,
  errorObjectFromError,
  isSuspension,
  reconstructError,
  UnrecoverableError,
} from "../errors/index.js";
import { defaultSerdes } from "../serdes/index.js";
import type { ChildConfig } from "../types/child-context.js";
import { OperationSubType } from "../types/core.js";
import type { Serdes } from "../types/serdes.js";
import { OperationAction, OperationStatus, OperationType } from "../types/wire.js";
import { beginOperation, deserializeValue, serializeValue, updateBase } from "./operation-support.js";

/** Runs the user's child function with a context built on `child` (provided by the caller). */
export type ChildRunner<T> = (child: ContextScope) => Promise<T>;

function mapFailure(
  error: DurableOperationError,
  config: ChildConfig<unknown> | undefined,
): DurableOperationError {
  if (config?.errorMapper !== undefined) return config.errorMapper(error);
  return new ChildContextError(error.message, error);
}

/**
 * `context.runInChildContext`: a CONTEXT operation grouping the child's operations. A finished child
 * replays from its record without running; a result over 256 KiB is not stored but rebuilt by
 * running the child again over its checkpointed operations (`ReplayChildren`), as is a context
 * within `pluginsConfig.childOperationsDepth`, whose full result is stored too.
 */
export async function runChildContext<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  run: ChildRunner<T>,
  config: ChildConfig<T> | undefined,
): Promise<T> {
  const { state, queue, monitor } = scope.runtime;
  const subType = config?.subType ?? OperationSubType.RUN_IN_CHILD_CONTEXT;
  const virtual = config?.virtualContext === true;
  const record = beginOperation(
    scope,
    ids,
    virtual ? undefined : { type: OperationType.CONTEXT, name, subType },
  );
  const serdes: Serdes<T> = config?.serdes ?? scope.defaultSerdes ?? defaultSerdes;
  const details = record?.ContextDetails;

  if (record?.Status === OperationStatus.SUCCEEDED && details?.ReplayChildren !== true) {
    return deserializeValue(scope, ids, serdes, details?.Result, name);
  }
  if (record?.Status === OperationStatus.FAILED) {
    // A turn later than a thrown error: the official SDK hands a replayed failure through one more promise.
    await undefined;
    throw mapFailure(
      reconstructError(details?.Error, "Child context failed"),
      config as ChildConfig<unknown>,
    );
  }
  const rebuilding = record?.Status === OperationStatus.SUCCEEDED;
  const base = updateBase(scope, ids, OperationType.CONTEXT, subType, name);
  if (record === undefined && !virtual) {
    void queue.enqueueUnawaited({ ...base, Action: OperationAction.START });
  }
  const plugins = scope.runtime.plugins;
  // For plugins: a context with a record was started by an earlier invocation; a virtual one has
  // no record and replays while its enclosing context does.
  const replaying = virtual ? scope.isReplaying() : record !== undefined;
  if (!virtual) queue.registerContext(ids.hashed, scope.parentId);
  if (rebuilding) {
    // Rebuilding a finished context only replays its children: nothing inside it may write.
    if (!virtual) queue.completeContext(ids.hashed);
  } else {
    // The function starts one turn after the START, as in the official SDK: see settle-turns.ts.
    await plugins?.operationStarted(base, record, replaying);
  }

  const child = scope.child(ids.id, virtual ? scope.parentId : ids.hashed, virtual);
  // Within pluginsConfig.childOperationsDepth: the service keeps this context's children in the
  // state after it finishes, so plugins of later invocations see them.
  const keepChildren =
    child.preserveChildDepth >= 1 ? { ContextOptions: { ReplayChildren: true } } : undefined;
  const frame = {
    invocation: scope.runtime.facts,
    operationId: ids.hashed,
    operationName: name,
    parentId: scope.parentId,
    contextId: child.prefix,
    isReplaying: () => child.isReplaying(),
  };
  let value: T;
  try {
    value = await operationFrames.run(
      frame,
      plugins === undefined
        ? () => run(child)
        : () =>
            plugins.wrapChildContext(base, record, replaying, child.isReplaying(), () =>
              run(child),
            ) as Promise<T>,
    );
  } catch (error) {
    if (isSuspension(error) || error instanceof UnrecoverableError || monitor.termination !== undefined)
      throw error;
    if (!virtual) queue.completeContext(ids.hashed);
    const errorObject = errorObjectFromError(error);
    if (!rebuilding && !virtual)
      void queue.enqueueUnawaited({
        ...base,
        Action: OperationAction.FAIL,
        Error: errorObject,
        ...keepChildren,
      });
    if (!rebuilding) {
      const end = { status: "FAILED", error, isReplay: virtual && replaying } as const;
      await plugins?.operationEnded(base, state.get(ids.hashed), end);
    }
    throw mapFailure(DurableOperationError.fromErrorObject(errorObject), config as ChildConfig<unknown>);
  }

  // Operations the function started but did not await must not write after the context's result.
  if (!virtual) queue.completeContext(ids.hashed);
  monitor.beginWork();
  try {
    const serialized = await serializeValue(scope, ids, serdes, value, name);
    if (!rebuilding && !virtual) {
      const tooLarge =
        serialized !== undefined && Buffer.byteLength(serialized) > CheckpointLimits.MAX_STORED_RESULT_BYTES;
      void queue.enqueueUnawaited(
        tooLarge
          ? {
              ...base,
              Action: OperationAction.SUCCEED,
              Payload: config?.summaryGenerator?.(value) ?? "",
              ContextOptions: { ReplayChildren: true },
            }
          : { ...base, Action: OperationAction.SUCCEED, Payload: serialized, ...keepChildren },
      );
    }
    if (!rebuilding) {
      const end = { status: "SUCCEEDED", result: serialized, isReplay: virtual && replaying } as const;
      await plugins?.operationEnded(base, state.get(ids.hashed), end);
    }
    return await deserializeValue(scope, ids, serdes, serialized, name);
  } finally {
    monitor.endWork();
  }
}
