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
import { assertReplayConsistent, deserializeValue, serializeValue, updateBase } from "./operation-support.js";

function isDone(operation: Operation): boolean {
  return isTerminalStatus(operation.Status);
}

/** FAILED, TIMED_OUT or STOPPED: the remote `ErrorType` is not kept, as in the official SDK. */
function invokeFailure(record: Operation | undefined): InvokeError {
  const stored = record?.ChainedInvokeDetails?.Error;
  if (stored === undefined) return new InvokeError("Invoke failed");
  const message = stored.ErrorMessage;
  return new InvokeError(message || "Invoke failed", message ? new Error(message) : undefined, stored.ErrorData);
}

/**
 * `context.invoke` (research/official-sdk.md §2.9; seed rows E8, C4): a CHAINED_INVOKE START with
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
  const { state, queue, monitor } = scope.runtime;
  let record = state.get(ids.hashed);
  assertReplayConsistent(scope, ids, record, {
    type: OperationType.CHAINED_INVOKE,
    name,
    subType: OperationSubType.CHAINED_INVOKE,
  });
  state.visit(ids.hashed);
  const resultSerdes: Serdes<O> = config?.resultSerdes ?? scope.defaultSerdes ?? defaultSerdes;

  monitor.beginWork();
  try {
    if (record === undefined) {
      const payloadSerdes: Serdes<I> = config?.payloadSerdes ?? scope.defaultSerdes ?? defaultSerdes;
      const payload = await serializeValue(scope, ids, payloadSerdes, input as I);
      const options: ChainedInvokeOptions = { FunctionName: functionName };
      if (config?.tenantId) options.TenantId = config.tenantId;
      await queue.enqueue({
        ...updateBase(scope, ids, OperationType.CHAINED_INVOKE, OperationSubType.CHAINED_INVOKE, name),
        Action: OperationAction.START,
        Payload: payload,
        ChainedInvokeOptions: options,
      });
      // The response may already report the invoke finished (seed row C4).
      record = state.get(ids.hashed);
    }
    if (record === undefined || !isDone(record)) {
      await monitor.block(ids.hashed, tracker, isDone);
      record = state.get(ids.hashed);
    }
    if (record?.Status === OperationStatus.SUCCEEDED) {
      return await deserializeValue(scope, ids, resultSerdes, record.ChainedInvokeDetails?.Result);
    }
    throw invokeFailure(record);
  } finally {
    monitor.endWork();
  }
}
