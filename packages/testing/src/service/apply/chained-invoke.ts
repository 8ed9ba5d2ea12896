import { ServiceErrorCode } from "../../errors/service-errors.js";
import { functionArn, functionNameFrom } from "../arns.js";
import { completeChainedInvoke } from "../chained-invokes.js";
import {
  EventType,
  ExecutionStatus,
  OperationAction,
  OperationStatus,
  ServiceDefaults,
} from "../constants.js";
import { errorOf, payloadOf } from "../history.js";
import { finishExecution, startExecution } from "../lifecycle.js";
import type { UpdateApplier } from "./applier.js";

/**
 * CHAINED_INVOKE: START resolves the target (an unknown function fails the operation in the
 * START's own response), starts a nested execution for a durable target and queues the call;
 * CANCEL stops it (`ChainedInvokeStopped`) and stops the nested execution.
 */
export const applyChainedInvoke: UpdateApplier = (runtime, exec, record, update, now, effects) => {
  const { state } = runtime;
  const op = record.op;
  if (update.Action === OperationAction.CANCEL) {
    op.Status = OperationStatus.STOPPED;
    op.EndTimestamp = now;
    const error = update.Error ?? {
      ErrorType: "ChainedInvokeStopped",
      ErrorMessage: "The chained invoke was cancelled.",
    };
    op.ChainedInvokeDetails = { Error: error };
    state.appendEvent(exec, EventType.ChainedInvokeStopped, now, op, { Error: errorOf(error) });
    const nested =
      record.nestedExecutionArn === undefined ? undefined : state.executionByArn(record.nestedExecutionArn);
    if (nested !== undefined && nested.status === ExecutionStatus.RUNNING) {
      finishExecution(runtime, nested, ExecutionStatus.STOPPED, { error });
    }
    return;
  }
  const requestedName = update.ChainedInvokeOptions?.FunctionName as string;
  const tenantId = update.ChainedInvokeOptions?.TenantId;
  const targetName = functionNameFrom(requestedName);
  const target = runtime.functions.get(targetName);
  op.Status = OperationStatus.STARTED;
  op.ChainedInvokeDetails = {};
  record.invoke = {
    functionName: requestedName,
    targetName,
    payload: update.Payload ?? undefined,
    tenantId: tenantId ?? undefined,
  };
  let nestedArn: string | undefined;
  if (target?.durable === true) {
    nestedArn = startExecution(
      runtime,
      { functionName: targetName, input: update.Payload ?? undefined },
      { executionId: exec.id, operationId: op.Id as string },
    ).arn;
    record.nestedExecutionArn = nestedArn;
  }
  state.appendEvent(exec, EventType.ChainedInvokeStarted, now, op, {
    FunctionName: requestedName,
    ...(tenantId == null ? {} : { TenantId: tenantId }),
    Input: payloadOf(update.Payload ?? undefined),
    ...(target === undefined ? {} : { ExecutedVersion: ServiceDefaults.functionVersion }),
    ...(nestedArn === undefined ? {} : { DurableExecutionArn: nestedArn }),
  });
  if (target === undefined) {
    completeChainedInvoke(runtime, exec, record, OperationStatus.FAILED, {
      error: {
        ErrorType: ServiceErrorCode.ResourceNotFound,
        ErrorMessage:
          `Function not found: ${functionArn(runtime.scope, targetName, ServiceDefaults.functionVersion)}. ` +
          `Register it with runner.registerFunction("${targetName}", handler) before the execution invokes it.`,
      },
      external: false,
    });
    return;
  }
  effects.invokesToRun.push(record);
};
