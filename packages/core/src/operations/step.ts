import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { durationToSeconds } from "../duration/index.js";
import {
  DurableConfigurationError,
  DurableOperationError,
  errorObjectFromError,
  reconstructError,
  StepInterruptedError,
  UnrecoverableError,
} from "../errors/index.js";
import type { AwaitTracker } from "../invocation/suspension-monitor.js";
import { type AttemptInfo, PluginOperationStatus } from "../plugins/types.js";
import { retryPresets } from "../retry/index.js";
import { defaultSerdes } from "../serdes/index.js";
import { OperationSubType } from "../types/core.js";
import type { DurableLogger, StepContext } from "../types/logger.js";
import type { Serdes } from "../types/serdes.js";
import { type RetryStrategy, type StepConfig, type StepFunc, StepSemantics } from "../types/step.js";
import { type Operation, OperationAction, OperationStatus, OperationType } from "../types/wire.js";
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
import {
  AT_MOST_ONCE_START_TURNS,
  afterTurns,
  REPLAYED_STEP_TURNS,
  RESUMED_RETRY_TURNS,
  RETRY_TURNS,
  STEP_RETURN_TURNS,
} from "./settle-turns.js";

const DEFAULT_RETRY_DELAY_SECONDS = 1;

function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  const error = new Error(typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));
  error.name = "NonErrorThrown";
  return error;
}

/** Returned by {@link replayFinishedStep} when the step cannot be answered from its record alone. */
export const NOT_REPLAYED: unique symbol = Symbol("not replayed");

/**
 * Replay fast path: a SUCCEEDED step with the default JSON serdes is answered from its record
 * synchronously, without async frames, trackers or closures, which keeps replay cost per operation
 * flat for long histories (apps/bench "Replay"). Anything else goes through {@link runStep}.
 */
export function replayFinishedStep<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  config: StepConfig<T> | undefined,
): T | typeof NOT_REPLAYED {
  const record = scope.runtime.state.peek(ids.hashed);
  if (record?.Status !== OperationStatus.SUCCEEDED || record.Name !== name) return NOT_REPLAYED;
  if (record.Type !== OperationType.STEP || record.SubType !== OperationSubType.STEP) return NOT_REPLAYED;
  if ((config?.serdes ?? scope.defaultSerdes ?? defaultSerdes) !== defaultSerdes) return NOT_REPLAYED;
  const result = record.StepDetails?.Result;
  let value: T;
  try {
    value = result === undefined ? (undefined as T) : (JSON.parse(result) as T);
  } catch {
    return NOT_REPLAYED; // unparseable payload: the general path reports it as a serdes failure
  }
  scope.runtime.state.visit(ids.hashed);
  return value;
}

/**
 * `context.step`: START, then SUCCEED, RETRY (with the next attempt's delay) or FAIL. SUCCEEDED and FAILED records replay without running the function; a scheduled retry waits for its
 * time; an interrupted at-most-once attempt goes to the retry strategy instead of running again.
 */
export function runStep<T>(
  scope: ContextScope,
  ids: OperationIds,
  tracker: AwaitTracker,
  name: string | undefined,
  fn: StepFunc<T, DurableLogger>,
  config: StepConfig<T> | undefined,
): Promise<T> {
  const serdes: Serdes<T> = config?.serdes ?? scope.defaultSerdes ?? defaultSerdes;
  const record = beginOperation(scope, ids, {
    type: OperationType.STEP,
    name,
    subType: OperationSubType.STEP,
  });
  if (record?.Status === OperationStatus.SUCCEEDED) {
    return afterTurns(
      deserializeValue(scope, ids, serdes, record.StepDetails?.Result, name),
      REPLAYED_STEP_TURNS - 1,
    );
  }
  if (record?.Status === OperationStatus.FAILED) {
    return Promise.reject(reconstructError(record.StepDetails?.Error, "Step failed"));
  }
  const nesting = { turns: 0 };
  return settleStep(executeStep(scope, ids, tracker, name, fn, config, serdes, record, nesting), nesting);
}

/**
 * A step's outcome, {@link STEP_RETURN_TURNS} turns after its execution settled, plus the turns the
 * official SDK's nesting adds: one per retry within the call, two when the step resumed from a
 * scheduled retry (its first part then returns a promise).
 */
async function settleStep<T>(execution: Promise<T>, nesting: { turns: number }): Promise<T> {
  try {
    return await execution;
  } finally {
    for (let turn = 1; turn < STEP_RETURN_TURNS + nesting.turns; turn++) await undefined;
  }
}

async function executeStep<T>(
  scope: ContextScope,
  ids: OperationIds,
  tracker: AwaitTracker,
  name: string | undefined,
  fn: StepFunc<T, DurableLogger>,
  config: StepConfig<T> | undefined,
  serdes: Serdes<T>,
  found: Operation | undefined,
  nesting: { turns: number },
): Promise<T> {
  const { state, queue, monitor } = scope.runtime;
  let record = found;

  const base = updateBase(scope, ids, OperationType.STEP, OperationSubType.STEP, name);
  const atMostOnce = config?.semantics === StepSemantics.AtMostOncePerRetry;
  const deferred = defersResult(scope, ids, name, config, atMostOnce);
  const retryStrategy: RetryStrategy = config?.retryStrategy ?? retryPresets.default;
  const plugins = scope.runtime.plugins;

  monitor.beginWork();
  try {
    if (record?.Status === OperationStatus.PENDING) {
      await monitor.block(ids.hashed, tracker, isNotPending, nextAttemptDueInMs(record));
      record = state.get(ids.hashed);
      nesting.turns += RESUMED_RETRY_TURNS;
    }
    // An at-most-once attempt found STARTED never recorded its end: its semantics forbid running it
    // again, so it counts as failed and the retry strategy decides.
    let interrupted = record?.Status === OperationStatus.STARTED && atMostOnce;
    for (;;) {
      const attempt = (record?.StepDetails?.Attempt ?? 0) + 1;
      let failure: unknown;
      let failed = interrupted;
      if (interrupted) {
        if (plugins !== undefined) await plugins.operationStarted(base, record, true, attempt);
        failure = new StepInterruptedError(ids.id, name);
      } else {
        // An at-least-once attempt found STARTED was interrupted; it runs again without a new START.
        const resumed = record?.Status === OperationStatus.STARTED;
        if (!resumed) {
          const start = { ...base, Action: OperationAction.START };
          if (atMostOnce) await afterTurns(queue.enqueue(start), AT_MOST_ONCE_START_TURNS);
          else void queue.enqueueUnawaited(start);
        }
        // Awaited with or without plugins: the turns the official SDK takes here (see settle-turns.ts).
        // A retry attempt reports isReplay true, as the official SDK does.
        await plugins?.operationStarted(base, state.get(ids.hashed), resumed || attempt > 1, attempt);
        const attemptInfo: AttemptInfo | undefined = await plugins?.attemptStarted(
          base,
          state.get(ids.hashed),
          attempt,
        );
        let value: T | undefined;
        try {
          value = await runAttempt(scope, ids, name, attempt, fn, attemptInfo);
        } catch (error) {
          if (error instanceof UnrecoverableError || monitor.termination !== undefined) {
            if (plugins !== undefined) {
              await plugins.attemptEnded(base, state.get(ids.hashed), attempt, { error });
            }
            throw error;
          }
          failure = error;
          failed = true;
        }
        if (!failed) {
          const serialized = await serializeValue(scope, ids, serdes, value as T, name);
          const succeed = { ...base, Action: OperationAction.SUCCEED, Payload: serialized };
          if (deferred) void queue.enqueueUnawaited(succeed);
          else await queue.enqueue(succeed);
          const succeeded = state.get(ids.hashed);
          await plugins?.attemptEnded(base, succeeded, attempt);
          // A deferred SUCCEED is not written back yet: report what it will record.
          const end = deferred ? { status: PluginOperationStatus.SUCCEEDED, result: serialized } : undefined;
          await plugins?.operationEnded(base, succeeded, end);
          return await deserializeValue(scope, ids, serdes, serialized, name);
        }
      }
      // The failed attempt records RETRY, then waits for the next attempt's time, or FAIL, then
      // throws; written out here, as each call level would add a microtask turn.
      const errorObject = errorObjectFromError(failure);
      const decision = retryStrategy(asError(failure), attempt);
      if (!decision.shouldRetry) {
        await queue.enqueue({ ...base, Action: OperationAction.FAIL, Error: errorObject });
        // Awaited with or without plugins: the turns the official SDK takes here (see settle-turns.ts).
        const ended = state.get(ids.hashed);
        await plugins?.attemptEnded(base, ended, attempt, { error: failure });
        await plugins?.operationEnded(base, ended, { error: failure });
        throw DurableOperationError.fromErrorObject(errorObject);
      }
      const delaySeconds = durationToSeconds(decision.delay ?? { seconds: DEFAULT_RETRY_DELAY_SECONDS });
      await queue.enqueue({
        ...base,
        Action: OperationAction.RETRY,
        Error: errorObject,
        StepOptions: { NextAttemptDelaySeconds: delaySeconds },
      });
      await plugins?.attemptEnded(base, state.get(ids.hashed), attempt, { error: failure });
      await monitor.block(ids.hashed, tracker, isNotPending, delaySeconds * MILLIS_PER_SECOND);
      record = state.get(ids.hashed);
      nesting.turns += interrupted ? RESUMED_RETRY_TURNS : RETRY_TURNS;
      interrupted = false;
    }
  } finally {
    monitor.endWork();
  }
}

/**
 * Whether the step's SUCCEED is queued without waiting for it (deferred checkpoints): the step's own
 * `deferCheckpoint`, else the execution's `deferredCheckpoints`. Never for an at-most-once step, whose
 * whole point is a durable record before anything else happens.
 */
function defersResult<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  config: StepConfig<T> | undefined,
  atMostOnce: boolean,
): boolean {
  const own = config?.deferCheckpoint;
  if (own !== undefined && typeof own !== "boolean") {
    throw new DurableConfigurationError(
      `Step ${describeStep(ids, name)}: deferCheckpoint must be true or false, got ${JSON.stringify(own)}.`,
      { option: "deferCheckpoint" },
    );
  }
  if (atMostOnce) {
    if (own === true) {
      throw new DurableConfigurationError(
        `Step ${describeStep(ids, name)} is at-most-once and has deferCheckpoint: true. An at-most-once step ` +
          "must be recorded before anything after it runs, so its result cannot be deferred. Remove " +
          "deferCheckpoint, or use at-least-once semantics (the default) for this step.",
        { option: "deferCheckpoint" },
      );
    }
    return false;
  }
  return own ?? scope.runtime.queue.defersStepResults;
}

function describeStep(ids: OperationIds, name: string | undefined): string {
  return name === undefined ? `(id ${ids.id})` : `"${name}" (id ${ids.id})`;
}

/** Runs one attempt in its durable frame; with plugins, through their `wrapOperationAttemptFn`. */
function runAttempt<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  attempt: number,
  fn: StepFunc<T, DurableLogger>,
  attemptInfo: AttemptInfo | undefined,
): Promise<T> {
  const stepContext: StepContext<DurableLogger> = { logger: scope.logger, attempt };
  return runInAttemptFrame(scope, ids, name, attempt, attemptInfo, () => fn(stepContext));
}
