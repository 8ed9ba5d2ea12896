import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { DurablePromise } from "../context/durable-promise.js";
import { durationToSeconds } from "../duration/index.js";
import { CallbackError, CallbackExternalError, CallbackTimeoutError } from "../errors/index.js";
import { AwaitTracker } from "../invocation/suspension-monitor.js";
import { passThroughSerdes } from "../serdes/index.js";
import { isTerminalStatus } from "../state/execution-state.js";
import type { CreateCallbackConfig, CreateCallbackResult } from "../types/callback.js";
import { OperationSubType } from "../types/core.js";
import type { Serdes } from "../types/serdes.js";
import {
  type CallbackOptions,
  type Operation,
  OperationAction,
  OperationStatus,
  OperationType,
} from "../types/wire.js";
import { beginOperation, deserializeValue, updateBase } from "./operation-support.js";
import { Phased } from "./settle-turns.js";

type CallbackDeserializer<T> = Pick<Serdes<T>, "deserialize">;

function isDone(operation: Operation): boolean {
  return isTerminalStatus(operation.Status);
}

function callbackOptions(config: CreateCallbackConfig<unknown> | undefined): CallbackOptions {
  const options: CallbackOptions = {};
  if (config?.timeout !== undefined) options.TimeoutSeconds = durationToSeconds(config.timeout);
  if (config?.heartbeatTimeout !== undefined) {
    options.HeartbeatTimeoutSeconds = durationToSeconds(config.heartbeatTimeout);
  }
  return options;
}

/**
 * The error a callback that did not succeed rejects with: `CallbackTimeoutError` when it timed out,
 * `CallbackExternalError` when the external system reported a failure; the stored error is the cause.
 */
function callbackFailure(record: Operation | undefined): CallbackError {
  const timedOut = record?.Status === OperationStatus.TIMED_OUT;
  const stored = record?.CallbackDetails?.Error;
  if (stored === undefined) {
    return timedOut
      ? new CallbackTimeoutError("Callback timed out")
      : new CallbackExternalError("Callback failed");
  }
  const cause = new Error(stored.ErrorMessage);
  cause.name = stored.ErrorType || "Error";
  if (stored.StackTrace !== undefined) cause.stack = stored.StackTrace.join("\n");
  return timedOut
    ? new CallbackTimeoutError(stored.ErrorMessage || "Callback timed out", cause, stored.ErrorData)
    : new CallbackExternalError(stored.ErrorMessage || "Callback failed", cause, stored.ErrorData);
}

/**
 * `context.createCallback`: a CALLBACK START, awaited because the service issues the callback id.
 * An existing record (any status) only yields its id: a failed callback never throws here but when
 * its result promise is awaited. Both parts, and the result promise, take the official SDK's turns
 * (see settle-turns.ts): a callback found finished is deserialized once awaited, and its result
 * promise settles as soon as it is awaited.
 */
export function runCreateCallback<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  config: CreateCallbackConfig<T> | undefined,
): Phased<CreateCallbackResult<T>> {
  const { state, queue, monitor, plugins } = scope.runtime;
  const found = beginOperation(scope, ids, {
    type: OperationType.CALLBACK,
    name,
    subType: OperationSubType.CALLBACK,
  });
  const deserializer: CallbackDeserializer<T> =
    config?.serdes ??
    scope.defaultCallbackDeserializer ??
    (passThroughSerdes as CallbackDeserializer<unknown> as CallbackDeserializer<T>);
  const base = updateBase(scope, ids, OperationType.CALLBACK, OperationSubType.CALLBACK, name);
  const done = found !== undefined && isDone(found);
  const started = (async () => {
    if (found !== undefined) {
      // Awaited with or without plugins: the official SDK awaits its end (or start) hook here.
      await (done ? plugins?.operationFoundEnded(base, found) : plugins?.operationStarted(base, found, true));
      return;
    }
    monitor.beginWork();
    try {
      await queue.enqueue({
        ...base,
        Action: OperationAction.START,
        CallbackOptions: callbackOptions(config as CreateCallbackConfig<unknown> | undefined),
      });
    } finally {
      monitor.endWork();
    }
    await plugins?.operationStarted(base, state.get(ids.hashed), false);
  })();
  return new Phased(started, async () => {
    await started;
    const record = done ? found : state.get(ids.hashed);
    const callbackId = record?.CallbackDetails?.CallbackId;
    if (!callbackId) throw new CallbackError(`No callback ID found for started callback: ${ids.id}`);
    if (!done) return [callbackResult(scope, ids, name, deserializer), callbackId];
    if (found.Status !== OperationStatus.SUCCEEDED) {
      const failure = callbackFailure(found);
      return [new DurablePromise<T>(() => Promise.reject(failure)), callbackId];
    }
    const value = await deserializeValue(scope, ids, deserializer, found.CallbackDetails?.Result, name);
    return [new DurablePromise<T>(() => Promise.resolve(value)), callbackId];
  });
}

/**
 * The promise of a callback's result. It has its own {@link AwaitTracker}: the invocation suspends
 * on the callback only once the handler awaits this promise.
 */
function callbackResult<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  deserializer: CallbackDeserializer<T>,
): DurablePromise<T> {
  const tracker = new AwaitTracker();
  return new DurablePromise(() => {
    tracker.markAwaited();
    return settleCallback(scope, ids, name, tracker, deserializer);
  });
}

async function settleCallback<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  tracker: AwaitTracker,
  deserializer: CallbackDeserializer<T>,
): Promise<T> {
  const { state, monitor, plugins } = scope.runtime;
  const terminated = monitor.terminationError();
  if (terminated !== undefined) throw terminated;
  monitor.beginWork();
  try {
    // Completed only from outside: no due time, so no in-process polling.
    await monitor.block(ids.hashed, tracker, isDone);
    const record = state.get(ids.hashed);
    const failure = record?.Status === OperationStatus.SUCCEEDED ? undefined : callbackFailure(record);
    const base = updateBase(scope, ids, OperationType.CALLBACK, OperationSubType.CALLBACK, name);
    await plugins?.operationEnded(base, record, failure === undefined ? {} : { error: failure });
    if (failure !== undefined) throw failure;
    return await deserializeValue(scope, ids, deserializer, record?.CallbackDetails?.Result, name);
  } finally {
    monitor.endWork();
  }
}
