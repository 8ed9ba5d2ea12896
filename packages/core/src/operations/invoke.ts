import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { InvokeError } from "../errors/index.js";
import type { AwaitTracker } from "../invocation/suspension-monitor.js";
import { defaultSerdes } from "../serdes/index.js";
import { isTerminalStatus } from "../state/execution-state.js";
import { OperationSubType } from "../types/core.js";
import type { InvokeConfig } from "../types/invoke.js";
import type { Serdes } from "../types/serdes.js";
import {
  type ChainedInvokeOptions,
  type Operation,
  OperationAction,
  OperationStatus,
  OperationType,
} from "../types/wire.js";
import { beginOperation, deserializeValue, serializeValue, updateBase } from "./operation-support.js";
import { Phased } from "./settle-turns.js";

function isDone(operation: Operation): boolean {
  return isTerminalStatus(operation.Status);
}

/** FAILED, TIMED_OUT or STOPPED: the remote `ErrorType` is not kept, as in the official SDK. */
function invokeFailure(record: Operation | undefined): InvokeError {
  const stored = record?.ChainedInvokeDetails?.Error;
  if (stored === undefined) return new InvokeError("Invoke failed");
  const message = stored.ErrorMessage;
  return new InvokeError(
    message || "Invoke failed",
    message ? new Error(message) : undefined,
    stored.ErrorData,
  );
}

function invokeIdentity(scope: ContextScope, ids: OperationIds, name: string | undefined) {
  return updateBase(scope, ids, OperationType.CHAINED_INVOKE, OperationSubType.CHAINED_INVOKE, name);
}

/**
 * `context.invoke`: a CHAINED_INVOKE START with the serialized input, then, once awaited, a wait
 * until the service completes it (it may have finished already: a target that failed at once). An
 * invoke found finished on replay settles from its record. The two parts take the official SDK's
 * turns: see settle-turns.ts.
 */
export function runInvoke<I, O>(
  scope: ContextScope,
  ids: OperationIds,
  tracker: AwaitTracker,
  name: string | undefined,
  functionName: string,
  input: I | undefined,
  config: InvokeConfig<I, O> | undefined,
): Phased<O> {
  const { state, queue, monitor, plugins } = scope.runtime;
  const found = beginOperation(scope, ids, {
    type: OperationType.CHAINED_INVOKE,
    name,
    subType: OperationSubType.CHAINED_INVOKE,
  });
  const resultSerdes: Serdes<O> = config?.resultSerdes ?? scope.defaultSerdes ?? defaultSerdes;
  const base = invokeIdentity(scope, ids, name);
  const done = found !== undefined && isDone(found);
  const started = (async () => {
    if (found !== undefined) {
      // Awaited with or without plugins: the official SDK awaits its end (or start) hook here.
      await (done ? plugins?.operationFoundEnded(base, found) : plugins?.operationStarted(base, found, true));
      return;
    }
    monitor.beginWork();
    try {
      const payloadSerdes: Serdes<I> = config?.payloadSerdes ?? scope.defaultSerdes ?? defaultSerdes;
      const payload = await serializeValue(scope, ids, payloadSerdes, input as I, name);
      const options: ChainedInvokeOptions = { FunctionName: functionName };
      if (config?.tenantId) options.TenantId = config.tenantId;
      await queue.enqueue({
        ...base,
        Action: OperationAction.START,
        Payload: payload,
        ChainedInvokeOptions: options,
      });
      await plugins?.operationStarted(base, state.get(ids.hashed), false);
    } finally {
      monitor.endWork();
    }
  })();
  return new Phased(started, async () => {
    await started;
    let record = found;
    if (!done) monitor.beginWork();
    try {
      if (!done) {
        await monitor.block(ids.hashed, tracker, isDone);
        record = state.get(ids.hashed);
      }
      const failure = record?.Status === OperationStatus.SUCCEEDED ? undefined : invokeFailure(record);
      if (!done) await plugins?.operationEnded(base, record, failure === undefined ? {} : { error: failure });
      if (failure !== undefined) throw failure;
      return await deserializeValue(scope, ids, resultSerdes, record?.ChainedInvokeDetails?.Result, name);
    } finally {
      if (!done) monitor.endWork();
    }
  });
}
