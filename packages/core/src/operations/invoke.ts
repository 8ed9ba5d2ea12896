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
 * `context.invoke`: a CHAINED_INVOKE START with
 * the serialized input, awaited; the status is read again from the response (the service may have
 * finished the invoke already), then the operation blocks until the service completes it.
 */
export async function runInvoke<I, O>(
  scope: ContextScope,
  ids: OperationIds,
  tracker: AwaitTracker,
  name: string | undefined,
  functionName: string,
  input: I | undefined,
  config: InvokeConfig<I, O> | undefined,
): Promise<O> {
  const { state, queue, monitor, plugins } = scope.runtime;
  let record = beginOperation(scope, ids, {
    type: OperationType.CHAINED_INVOKE,
    name,
    subType: OperationSubType.CHAINED_INVOKE,
  });
  const resultSerdes: Serdes<O> = config?.resultSerdes ?? scope.defaultSerdes ?? defaultSerdes;

  // The end is observed live unless the record was already finished when the invocation started.
  let foundEnded = false;
  monitor.beginWork();
  try {
    if (record === undefined) {
      const payloadSerdes: Serdes<I> = config?.payloadSerdes ?? scope.defaultSerdes ?? defaultSerdes;
      const payload = await serializeValue(scope, ids, payloadSerdes, input as I, name);
      const options: ChainedInvokeOptions = { FunctionName: functionName };
      if (config?.tenantId) options.TenantId = config.tenantId;
      const base = invokeIdentity(scope, ids, name);
      await queue.enqueue({
        ...base,
        Action: OperationAction.START,
        Payload: payload,
        ChainedInvokeOptions: options,
      });
      // The service may report the invoke finished in its response to the START (a target that failed at once).
      record = state.get(ids.hashed);
      if (plugins !== undefined) await plugins.operationStarted(base, record, false);
    } else if (plugins !== undefined) {
      foundEnded = isDone(record);
      if (!foundEnded) await plugins.operationStarted(invokeIdentity(scope, ids, name), record, true);
    }
    if (record === undefined || !isDone(record)) {
      await monitor.block(ids.hashed, tracker, isDone);
      record = state.get(ids.hashed);
    }
    const failure = record?.Status === OperationStatus.SUCCEEDED ? undefined : invokeFailure(record);
    if (plugins !== undefined) {
      const base = invokeIdentity(scope, ids, name);
      if (foundEnded) await plugins.operationFoundEnded(base, record as Operation);
      else await plugins.operationEnded(base, record, failure === undefined ? {} : { error: failure });
    }
    if (failure !== undefined) throw failure;
    return await deserializeValue(scope, ids, resultSerdes, record?.ChainedInvokeDetails?.Result, name);
  } finally {
    monitor.endWork();
  }
}
