import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { durationToSeconds } from "../duration/index.js";
import {
  DurableOperationError,
  errorObjectFromError,
  UnrecoverableError,
  WaitForConditionError,
} from "../errors/index.js";
import type { AwaitTracker } from "../invocation/suspension-monitor.js";
import type { AttemptInfo } from "../plugins/types.js";
import { defaultSerdes } from "../serdes/index.js";
import { OperationSubType } from "../types/core.js";
import type { DurableLogger, WaitForConditionContext } from "../types/logger.js";
import type { Serdes } from "../types/serdes.js";
import type { WaitForConditionCheckFunc, WaitForConditionConfig } from "../types/wait-condition.js";
import { OperationAction, OperationStatus, OperationType } from "../types/wire.js";
import {
  beginOperation,
  deserializeValue,
  isNotPending,
  MILLIS_PER_SECOND,
  nextAttemptDueInMs,
  runInAttemptFrame,
  serializeValue,
  updateBase,
} from "./operation-support.js";
import { afterTurns, CONDITION_RETURN_TURNS } from "./settle-turns.js";

/**
 * `context.waitForCondition`: a STEP with SubType
 * `WaitForCondition`. Each check is one attempt; its new state is stored with the RETRY (or the
 * final SUCCEED) and read back from `StepDetails.Result` by the next attempt, which may run in a
 * later invocation. An error from the check or the wait strategy fails the operation (no retry).
 *
 * As in the official SDK there is no replay-consistency check for this operation.
 */
export async function runWaitForCondition<T>(
  scope: ContextScope,
  ids: OperationIds,
  tracker: AwaitTracker,
  name: string | undefined,
  check: WaitForConditionCheckFunc<T, DurableLogger>,
  config: WaitForConditionConfig<T>,
): Promise<T> {
  const { state, queue, monitor } = scope.runtime;
  let record = beginOperation(scope, ids, undefined);
  const serdes: Serdes<T> = config.serdes ?? scope.defaultSerdes ?? defaultSerdes;

  if (record?.Status === OperationStatus.SUCCEEDED) {
    return deserializeValue(scope, ids, serdes, record.StepDetails?.Result, name);
  }
  if (record?.Status === OperationStatus.FAILED) {
    const stored = record.StepDetails?.Error;
    throw stored === undefined
      ? new WaitForConditionError("waitForCondition failed")
      : DurableOperationError.fromErrorObject(stored);
  }

  const base = updateBase(scope, ids, OperationType.STEP, OperationSubType.WAIT_FOR_CONDITION, name);
  const plugins = scope.runtime.plugins;
  monitor.beginWork();
  try {
    if (record?.Status === OperationStatus.PENDING) {
      await monitor.block(ids.hashed, tracker, isNotPending, nextAttemptDueInMs(record));
      record = state.get(ids.hashed);
    }
    for (;;) {
      const stored = record?.StepDetails?.Result;
      const resumable =
        record?.Status === OperationStatus.STARTED || record?.Status === OperationStatus.READY;
      const current: T =
        resumable && stored ? await deserializeValue(scope, ids, serdes, stored, name) : config.initialState;
      const attempt = (record?.StepDetails?.Attempt ?? 0) + 1;
      const resumed = record?.Status === OperationStatus.STARTED;
      if (!resumed) {
        void queue.enqueueUnawaited({ ...base, Action: OperationAction.START });
      }
      // Awaited with or without plugins: the turns the official SDK takes here (see settle-turns.ts).
      await plugins?.operationStarted(base, state.get(ids.hashed), resumed || attempt > 1, attempt);
      const attemptInfo: AttemptInfo | undefined = await plugins?.attemptStarted(
        base,
        state.get(ids.hashed),
        attempt,
      );

      let serialized: string | undefined;
      let next: T;
      let delaySeconds: number | undefined;
      try {
        const newState = await runCheck(scope, ids, name, attempt, check, current, attemptInfo);
        serialized = await serializeValue(scope, ids, serdes, newState, name);
        next = await deserializeValue(scope, ids, serdes, serialized, name);
        const decision = config.waitStrategy(next, attempt);
        if (decision.shouldContinue) delaySeconds = durationToSeconds(decision.delay);
      } catch (error) {
        if (error instanceof UnrecoverableError || monitor.termination !== undefined) {
          if (plugins !== undefined)
            await plugins.attemptEnded(base, state.get(ids.hashed), attempt, { error });
          throw error;
        }
        const errorObject = errorObjectFromError(error);
        await queue.enqueue({ ...base, Action: OperationAction.FAIL, Error: errorObject });
        if (plugins !== undefined) {
          const failed = state.get(ids.hashed);
          await plugins.attemptEnded(base, failed, attempt, { error });
          await plugins.operationEnded(base, failed, { error });
        }
        throw DurableOperationError.fromErrorObject(errorObject);
      }

      if (delaySeconds === undefined) {
        await queue.enqueue({ ...base, Action: OperationAction.SUCCEED, Payload: serialized });
        const succeeded = state.get(ids.hashed);
        await plugins?.attemptEnded(base, succeeded, attempt);
        await plugins?.operationEnded(base, succeeded);
        return await afterTurns(Promise.resolve(next), CONDITION_RETURN_TURNS);
      }
      await queue.enqueue({
        ...base,
        Action: OperationAction.RETRY,
        Payload: serialized,
        StepOptions: { NextAttemptDelaySeconds: delaySeconds },
      });
      if (plugins !== undefined) await plugins.attemptEnded(base, state.get(ids.hashed), attempt);
      await monitor.block(ids.hashed, tracker, isNotPending, delaySeconds * MILLIS_PER_SECOND);
      record = state.get(ids.hashed);
    }
  } finally {
    monitor.endWork();
  }
}

/** Runs one check in its durable frame; with plugins, through their `wrapOperationAttemptFn`. */
function runCheck<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  attempt: number,
  check: WaitForConditionCheckFunc<T, DurableLogger>,
  current: T,
  attemptInfo: AttemptInfo | undefined,
): Promise<T> {
  const checkContext: WaitForConditionContext<DurableLogger> = { logger: scope.logger, attempt };
  return runInAttemptFrame(scope, ids, name, attempt, attemptInfo, () => check(current, checkContext));
}
