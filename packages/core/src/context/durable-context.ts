import type { Context } from "aws-lambda";
import { validateBatchConfig } from "../batch/completion.js";
import { durationToSeconds } from "../duration/index.js";
import {
  CallbackSubmitterError,
  ChildContextError,
  DurableConfigurationError,
  type DurableOperationError,
} from "../errors/index.js";
import { AwaitTracker } from "../invocation/suspension-monitor.js";
import { type BatchItemSpec, MAP_KIND, PARALLEL_KIND, runBatch } from "../operations/batch.js";
import { runCreateCallback } from "../operations/callback.js";
import { runChildContext } from "../operations/child-context.js";
import { allSettledSerdes, mapCombinatorError } from "../operations/combinators.js";
import { runInvoke } from "../operations/invoke.js";
import { deserializeValue } from "../operations/operation-support.js";
import { NOT_REPLAYED, replayFinishedStep, runStep } from "../operations/step.js";
import { runWait } from "../operations/wait.js";
import { runWaitForCondition } from "../operations/wait-for-condition.js";
import { passThroughSerdes } from "../serdes/index.js";
import type {
  BatchResult,
  MapConfig,
  MapFunc,
  NamedParallelBranch,
  ParallelConfig,
  ParallelFunc,
} from "../types/batch.js";
import type {
  CreateCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
} from "../types/callback.js";
import type { ChildConfig, ChildFunc } from "../types/child-context.js";
import { type Duration, OperationSubType } from "../types/core.js";
import type { DurableContext, DurablePromiseCombinators } from "../types/durable-context.js";
import type { InvokeConfig } from "../types/invoke.js";
import type { DurableContextLogger, DurableLogger, LoggerConfig } from "../types/logger.js";
import type { Serdes, SerdesConfig } from "../types/serdes.js";
import type { StepConfig, StepFunc } from "../types/step.js";
import type { WaitForConditionCheckFunc, WaitForConditionConfig } from "../types/wait-condition.js";
import { createContextLogger } from "./context-logger.js";
import type { ContextScope, OperationIds } from "./context-scope.js";
import { DurablePromise } from "./durable-promise.js";

function ignore(): void {}

/**
 * Splits the arguments of an overload with an optional leading name: `(name, main, config)` when
 * `named`, `(main, config)` otherwise. Returns `[name, main, config]`, uncast.
 */
function splitName(
  named: boolean,
  first: unknown,
  second: unknown,
  third?: unknown,
): [string | undefined, unknown, unknown] {
  return named ? [first as string | undefined, second, third] : [undefined, first, second];
}

/** A `DurablePromise` already rejected with `error` (bad arguments): nothing is checkpointed. */
function rejectedOperation<T>(error: unknown): DurablePromise<T> {
  const rejected = Promise.reject(error) as Promise<T>;
  rejected.catch(ignore);
  return new DurablePromise<T>(() => rejected);
}

function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

/** Seconds of a wait, validated: whole seconds, at least one (the service's minimum). */
function waitSeconds(duration: Duration): number {
  const seconds = durationToSeconds(duration);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new DurableConfigurationError(
      `context.wait() needs a duration of at least 1 second in whole seconds, but got ${JSON.stringify(duration)} ` +
        `(${seconds} s). The service schedules waits in whole seconds; use for example { seconds: 1 } or { minutes: 5 }.`,
    );
  }
  return seconds;
}

/** Errors of the callback itself reach the caller of `waitForCallback` unchanged (§2.8). */
const CALLBACK_ERROR_TYPES: ReadonlySet<string> = new Set([
  "CallbackTimeoutError",
  "CallbackExternalError",
  "CallbackError",
]);

function mapWaitForCallbackError(error: DurableOperationError): DurableOperationError {
  if (CALLBACK_ERROR_TYPES.has(error.errorType)) return error;
  if (error.errorType === "StepError") return new CallbackSubmitterError(error.message, error);
  return new ChildContextError(error.message, error);
}

/**
 * The `DurableContext` handlers receive. Each call allocates the next operation id of this context
 * synchronously (ids follow call order, not await order) and starts the operation at once; the
 * returned `DurablePromise` tells the engine when the handler awaits it.
 */
export class DurableContextImpl<TLogger extends DurableLogger = DurableLogger>
  implements DurableContext<TLogger>
{
  readonly #scope: ContextScope;
  #combinators: DurablePromiseCombinators | undefined;
  readonly logger: DurableContextLogger<TLogger>;
  readonly executionContext: { readonly durableExecutionArn: string };

  constructor(scope: ContextScope) {
    this.#scope = scope;
    this.logger = createContextLogger(scope) as DurableContextLogger<TLogger>;
    this.executionContext = { durableExecutionArn: scope.runtime.facts.durableExecutionArn };
  }

  get lambdaContext(): Context {
    return this.#scope.runtime.lambdaContext;
  }

  get [Symbol.toStringTag](): string {
    return "DurableContext";
  }

  step<TOutput>(
    name: string | undefined,
    fn: StepFunc<TOutput, TLogger>,
    config?: StepConfig<TOutput>,
  ): DurablePromise<TOutput>;
  step<TOutput>(fn: StepFunc<TOutput, TLogger>, config?: StepConfig<TOutput>): DurablePromise<TOutput>;
  step<TOutput>(
    nameOrFn: string | undefined | StepFunc<TOutput, TLogger>,
    fnOrConfig?: StepFunc<TOutput, TLogger> | StepConfig<TOutput>,
    maybeConfig?: StepConfig<TOutput>,
  ): DurablePromise<TOutput> {
    // Not through splitName: this is the replay hot path, where its array costs ~70 bytes per step.
    const named = typeof nameOrFn !== "function";
    const name = named ? nameOrFn : undefined;
    const fn = (named ? fnOrConfig : nameOrFn) as StepFunc<TOutput, DurableLogger>;
    const config = (named ? maybeConfig : fnOrConfig) as StepConfig<TOutput> | undefined;
    if (typeof fn !== "function") {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.step() needs a function to run, but got ${describe(fn)}. ` +
            'Call it as context.step("name", async () => …) or context.step(async () => …).',
        ),
      );
    }
    const scope = this.#scope;
    const ids = scope.nextOperationIds();
    if (scope.runtime.monitor.termination === undefined) {
      const replayed = replayFinishedStep(scope, ids, name, config);
      if (replayed !== NOT_REPLAYED) return DurablePromise.fulfilled(replayed);
    }
    return this.#launch(
      (operationIds, tracker) => runStep(scope, operationIds, tracker, name, fn, config),
      ids,
    );
  }

  runInChildContext<TOutput>(
    name: string | undefined,
    fn: ChildFunc<TOutput, TLogger>,
    config?: ChildConfig<TOutput>,
  ): DurablePromise<TOutput>;
  runInChildContext<TOutput>(
    fn: ChildFunc<TOutput, TLogger>,
    config?: ChildConfig<TOutput>,
  ): DurablePromise<TOutput>;
  runInChildContext<TOutput>(
    nameOrFn: string | undefined | ChildFunc<TOutput, TLogger>,
    fnOrConfig?: ChildFunc<TOutput, TLogger> | ChildConfig<TOutput>,
    maybeConfig?: ChildConfig<TOutput>,
  ): DurablePromise<TOutput> {
    const [name, main, options] = splitName(
      typeof nameOrFn !== "function",
      nameOrFn,
      fnOrConfig,
      maybeConfig,
    );
    const fn = main as ChildFunc<TOutput, TLogger>;
    const config = options as ChildConfig<TOutput> | undefined;
    if (typeof fn !== "function") {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.runInChildContext() needs a function to run, but got ${describe(fn)}. ` +
            'Call it as context.runInChildContext("name", async (child) => …).',
        ),
      );
    }
    return this.#launch((ids) =>
      runChildContext(
        this.#scope,
        ids,
        name,
        (childScope) => fn(new DurableContextImpl<TLogger>(childScope)),
        config,
      ),
    );
  }

  wait(name: string, duration: Duration): DurablePromise<void>;
  wait(duration: Duration): DurablePromise<void>;
  wait(nameOrDuration: string | Duration, maybeDuration?: Duration): DurablePromise<void> {
    const named = typeof nameOrDuration === "string";
    const name = named ? nameOrDuration : undefined;
    const duration = (named ? maybeDuration : nameOrDuration) as Duration;
    let seconds: number;
    try {
      seconds = waitSeconds(duration);
    } catch (error) {
      return rejectedOperation(error);
    }
    return this.#launch((ids, tracker) => runWait(this.#scope, ids, tracker, name, seconds));
  }

  waitForCondition<TOutput>(
    name: string | undefined,
    checkFunc: WaitForConditionCheckFunc<TOutput, TLogger>,
    config: WaitForConditionConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCondition<TOutput>(
    checkFunc: WaitForConditionCheckFunc<TOutput, TLogger>,
    config: WaitForConditionConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCondition<TOutput>(
    nameOrCheck: string | undefined | WaitForConditionCheckFunc<TOutput, TLogger>,
    checkOrConfig?: WaitForConditionCheckFunc<TOutput, TLogger> | WaitForConditionConfig<TOutput>,
    maybeConfig?: WaitForConditionConfig<TOutput>,
  ): DurablePromise<TOutput> {
    const [name, main, options] = splitName(
      typeof nameOrCheck !== "function",
      nameOrCheck,
      checkOrConfig,
      maybeConfig,
    );
    const check = main as WaitForConditionCheckFunc<TOutput, DurableLogger>;
    const config = options as WaitForConditionConfig<TOutput> | undefined;
    if (typeof check !== "function") {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.waitForCondition() needs a check function, but got ${describe(check)}. ` +
            'Call it as context.waitForCondition("name", async (state) => …, { initialState, waitStrategy }).',
        ),
      );
    }
    if (typeof config?.waitStrategy !== "function" || config.initialState === undefined) {
      return rejectedOperation(
        new DurableConfigurationError(
          "context.waitForCondition() needs a config with waitStrategy and initialState, for example " +
            '{ initialState: { status: "PENDING" }, waitStrategy: createWaitStrategy({ shouldContinuePolling: ' +
            '(state) => state.status === "PENDING" }) }. initialState must not be undefined.',
          { option: typeof config?.waitStrategy !== "function" ? "waitStrategy" : "initialState" },
        ),
      );
    }
    return this.#launch((ids, tracker) =>
      runWaitForCondition(this.#scope, ids, tracker, name, check, config),
    );
  }

  createCallback<TOutput = string>(
    name: string | undefined,
    config?: CreateCallbackConfig<TOutput>,
  ): DurablePromise<CreateCallbackResult<TOutput>>;
  createCallback<TOutput = string>(
    config?: CreateCallbackConfig<TOutput>,
  ): DurablePromise<CreateCallbackResult<TOutput>>;
  createCallback<TOutput = string>(
    nameOrConfig?: string | CreateCallbackConfig<TOutput>,
    maybeConfig?: CreateCallbackConfig<TOutput>,
  ): DurablePromise<CreateCallbackResult<TOutput>> {
    const named = typeof nameOrConfig === "string" || nameOrConfig === undefined;
    const name = named ? (nameOrConfig as string | undefined) : undefined;
    const config = named ? maybeConfig : (nameOrConfig as CreateCallbackConfig<TOutput>);
    return this.#launch((ids) => runCreateCallback<TOutput>(this.#scope, ids, name, config));
  }

  waitForCallback<TOutput = string>(
    name: string | undefined,
    submitter: WaitForCallbackSubmitterFunc<TLogger>,
    config?: WaitForCallbackConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCallback<TOutput = string>(
    submitter: WaitForCallbackSubmitterFunc<TLogger>,
    config?: WaitForCallbackConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCallback<TOutput = string>(
    nameOrSubmitter: string | undefined | WaitForCallbackSubmitterFunc<TLogger>,
    submitterOrConfig?: WaitForCallbackSubmitterFunc<TLogger> | WaitForCallbackConfig<TOutput>,
    maybeConfig?: WaitForCallbackConfig<TOutput>,
  ): DurablePromise<TOutput> {
    const [name, main, options] = splitName(
      typeof nameOrSubmitter !== "function",
      nameOrSubmitter,
      submitterOrConfig,
      maybeConfig,
    );
    const submitter = main as WaitForCallbackSubmitterFunc<TLogger>;
    const config = options as WaitForCallbackConfig<TOutput> | undefined;
    if (typeof submitter !== "function") {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.waitForCallback() needs a submitter function, but got ${describe(submitter)}. ` +
            'Call it as context.waitForCallback("name", async (callbackId) => sendToApprover(callbackId)).',
        ),
      );
    }
    const scope = this.#scope;
    // With a defaultCallbackDeserializer, the inner layers pass the raw string through so the
    // deserializer runs exactly once, at the end (research/official-sdk.md §2.8).
    const callbackDeserializer = scope.defaultCallbackDeserializer;
    const deserializer: Pick<Serdes<TOutput>, "deserialize"> = config?.serdes ??
    callbackDeserializer ??
    (passThroughSerdes as unknown as Pick<Serdes<TOutput>, "deserialize">);
    const callbackConfig: CreateCallbackConfig<string> = { serdes: passThroughSerdes };
    if (config?.timeout !== undefined) callbackConfig.timeout = config.timeout;
    if (config?.heartbeatTimeout !== undefined) callbackConfig.heartbeatTimeout = config.heartbeatTimeout;
    const childConfig: ChildConfig<string> = {
      subType: OperationSubType.WAIT_FOR_CALLBACK,
      errorMapper: mapWaitForCallbackError,
    };
    if (callbackDeserializer !== undefined) childConfig.serdes = passThroughSerdes;
    return this.#launch(async (ids) => {
      const raw: string | undefined = await runChildContext<string>(
        scope,
        ids,
        name,
        async (childScope) => {
          const child = new DurableContextImpl<TLogger>(childScope);
          const [result, callbackId] = await child.createCallback<string>(undefined, callbackConfig);
          await child.step(
            undefined,
            async (stepContext) => {
              await submitter(callbackId, { logger: stepContext.logger });
            },
            config?.retryStrategy === undefined ? undefined : { retryStrategy: config.retryStrategy },
          );
          return result;
        },
        childConfig,
      );
      return deserializeValue(scope, ids, deserializer, raw);
    });
  }

  invoke<TInput, TOutput>(
    name: string,
    funcId: string,
    input?: TInput,
    config?: InvokeConfig<TInput, TOutput>,
  ): DurablePromise<TOutput>;
  invoke<TInput, TOutput>(
    funcId: string,
    input?: TInput,
    config?: InvokeConfig<TInput, TOutput>,
  ): DurablePromise<TOutput>;
  invoke<TInput, TOutput>(
    nameOrFuncId: string,
    funcIdOrInput?: string | TInput,
    inputOrConfig?: TInput | InvokeConfig<TInput, TOutput>,
    maybeConfig?: InvokeConfig<TInput, TOutput>,
  ): DurablePromise<TOutput> {
    const named = typeof funcIdOrInput === "string";
    const name = named ? nameOrFuncId : undefined;
    const funcId = named ? funcIdOrInput : nameOrFuncId;
    const input = (named ? inputOrConfig : funcIdOrInput) as TInput | undefined;
    const config = (named ? maybeConfig : inputOrConfig) as InvokeConfig<TInput, TOutput> | undefined;
    if (typeof funcId !== "string" || funcId === "") {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.invoke() needs the name or ARN of the function to invoke, but got ${describe(funcId)}. ` +
            'Call it as context.invoke("name", "my-function:live", input) or context.invoke("my-function:live", input).',
        ),
      );
    }
    return this.#launch((ids, tracker) => runInvoke(this.#scope, ids, tracker, name, funcId, input, config));
  }

  map<TInput, TOutput>(
    name: string | undefined,
    items: TInput[],
    mapFunc: MapFunc<TInput, TOutput, TLogger>,
    config?: MapConfig<TInput, TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  map<TInput, TOutput>(
    items: TInput[],
    mapFunc: MapFunc<TInput, TOutput, TLogger>,
    config?: MapConfig<TInput, TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  map<TInput, TOutput>(
    nameOrItems: string | undefined | TInput[],
    itemsOrFunc: TInput[] | MapFunc<TInput, TOutput, TLogger>,
    funcOrConfig?: MapFunc<TInput, TOutput, TLogger> | MapConfig<TInput, TOutput>,
    maybeConfig?: MapConfig<TInput, TOutput>,
  ): DurablePromise<BatchResult<TOutput>> {
    const named = !Array.isArray(nameOrItems);
    const name = named ? (nameOrItems as string | undefined) : undefined;
    const items = (named ? itemsOrFunc : nameOrItems) as TInput[];
    const mapFunc = (named ? funcOrConfig : itemsOrFunc) as MapFunc<TInput, TOutput, TLogger>;
    const config = (named ? maybeConfig : funcOrConfig) as MapConfig<TInput, TOutput> | undefined;
    if (!Array.isArray(items)) {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.map() needs an array of items, but got ${describe(items)}. ` +
            'Call it as context.map("name", items, async (ctx, item, index) => …).',
        ),
      );
    }
    if (typeof mapFunc !== "function") {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.map() needs a function to run for each item, but got ${describe(mapFunc)}. ` +
            'Call it as context.map("name", items, async (ctx, item, index) => …).',
        ),
      );
    }
    const namer = config?.itemNamer;
    if (namer !== undefined && typeof namer !== "function") {
      return rejectedOperation(
        new DurableConfigurationError(
          "context.map() needs itemNamer to be a function (item, index) => string.",
        ),
      );
    }
    let specs: BatchItemSpec<TOutput>[];
    try {
      validateBatchConfig("map", config);
      specs = items.map((item, index) => ({
        name: namer?.(item, index) ?? `map-item-${index}`,
        run: (childScope) => mapFunc(new DurableContextImpl<TLogger>(childScope), item, index, items),
      }));
    } catch (error) {
      return rejectedOperation(error);
    }
    return this.#launch((ids) => runBatch(this.#scope, ids, name, MAP_KIND, specs, config));
  }

  parallel<TOutput>(
    name: string | undefined,
    branches: (ParallelFunc<TOutput, TLogger> | NamedParallelBranch<TOutput, TLogger>)[],
    config?: ParallelConfig<TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  parallel<TOutput>(
    branches: (ParallelFunc<TOutput, TLogger> | NamedParallelBranch<TOutput, TLogger>)[],
    config?: ParallelConfig<TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  parallel<TOutput>(
    nameOrBranches: string | undefined | readonly unknown[],
    branchesOrConfig?: readonly unknown[] | ParallelConfig<TOutput>,
    maybeConfig?: ParallelConfig<TOutput>,
  ): DurablePromise<BatchResult<TOutput>> {
    const [name, main, options] = splitName(
      !Array.isArray(nameOrBranches),
      nameOrBranches,
      branchesOrConfig,
      maybeConfig,
    );
    const branches = main as readonly unknown[];
    const config = options as ParallelConfig<TOutput> | undefined;
    if (!Array.isArray(branches)) {
      return rejectedOperation(
        new DurableConfigurationError(
          `context.parallel() needs an array of branches, but got ${describe(branches)}. ` +
            'Call it as context.parallel("name", [async (ctx) => …, { name: "b", func: async (ctx) => … }]).',
        ),
      );
    }
    const specs: BatchItemSpec<TOutput>[] = [];
    for (const [index, branch] of branches.entries()) {
      const func =
        typeof branch === "function"
          ? branch
          : (branch as NamedParallelBranch<TOutput, TLogger> | null)?.func;
      if (typeof func !== "function") {
        return rejectedOperation(
          new DurableConfigurationError(
            `context.parallel() branch ${index} must be a function or { name, func }, but got ${describe(branch)}.`,
          ),
        );
      }
      const branchName =
        typeof branch === "function" ? undefined : (branch as NamedParallelBranch<TOutput, TLogger>).name;
      specs.push({
        name: branchName ?? `parallel-branch-${index}`,
        run: (childScope) =>
          (func as ParallelFunc<TOutput, TLogger>)(new DurableContextImpl<TLogger>(childScope)),
      });
    }
    try {
      validateBatchConfig("parallel", config);
    } catch (error) {
      return rejectedOperation(error);
    }
    return this.#launch((ids) => runBatch(this.#scope, ids, name, PARALLEL_KIND, specs, config));
  }

  get promise(): DurablePromiseCombinators {
    this.#combinators ??= this.#createCombinators();
    return this.#combinators;
  }

  #createCombinators(): DurablePromiseCombinators {
    const combinator =
      <TInput, TResult>(
        method: string,
        combine: (promises: DurablePromise<TInput>[]) => Promise<TResult>,
        serdes?: Serdes<TResult>,
      ) =>
      (
        nameOrPromises: string | undefined | DurablePromise<TInput>[],
        maybePromises?: DurablePromise<TInput>[],
      ) => {
        const [name, main] = splitName(!Array.isArray(nameOrPromises), nameOrPromises, maybePromises);
        const promises = main as DurablePromise<TInput>[];
        if (!Array.isArray(promises)) {
          return rejectedOperation<TResult>(
            new DurableConfigurationError(
              `context.promise.${method}() needs an array of durable promises, but got ${describe(promises)}. ` +
                `Call it as context.promise.${method}("name", [context.step(…), context.step(…)]).`,
            ),
          );
        }
        const config: ChildConfig<TResult> = {
          subType: OperationSubType.RUN_IN_CHILD_CONTEXT,
          errorMapper: mapCombinatorError,
        };
        if (serdes !== undefined) config.serdes = serdes;
        // The combinator's context is created when it is first awaited, after the operations it
        // combines (which are its siblings, not its children).
        return new DurablePromise<TResult>(() =>
          this.runInChildContext(name, () => combine(promises), config),
        );
      };
    return {
      all: combinator("all", (promises) => Promise.all(promises)),
      allSettled: combinator(
        "allSettled",
        (promises) => Promise.allSettled(promises),
        allSettledSerdes as Serdes<PromiseSettledResult<unknown>[]>,
      ),
      any: combinator("any", (promises) => Promise.any(promises)),
      race: combinator("race", (promises) => Promise.race(promises)),
    } as DurablePromiseCombinators;
  }

  configureLogger(config: LoggerConfig<TLogger>): void {
    if (config.customLogger !== undefined) {
      this.#scope.logger = config.customLogger;
      this.#scope.runtime.attachLogger(config.customLogger);
    }
    if (config.modeAware !== undefined) this.#scope.modeAware = config.modeAware;
  }

  configureSerdes(config: SerdesConfig): void {
    if (config.defaultSerdes !== undefined) this.#scope.defaultSerdes = config.defaultSerdes;
    if (config.defaultCallbackDeserializer !== undefined) {
      this.#scope.defaultCallbackDeserializer = config.defaultCallbackDeserializer;
    }
  }

  /**
   * Starts an operation: allocates its id now, runs it, and wraps its completion in a
   * `DurablePromise`. After the invocation has ended, operations reject with the termination error.
   */
  #launch<T>(
    run: (ids: OperationIds, tracker: AwaitTracker) => Promise<T>,
    ids: OperationIds = this.#scope.nextOperationIds(),
  ): DurablePromise<T> {
    const tracker = new AwaitTracker();
    const terminated = this.#scope.runtime.monitor.terminationError();
    let completion: Promise<T>;
    if (terminated !== undefined) {
      completion = Promise.reject(terminated);
    } else {
      try {
        completion = run(ids, tracker);
      } catch (error) {
        completion = Promise.reject(error);
      }
    }
    completion.catch(ignore);
    return new DurablePromise(() => {
      tracker.markAwaited();
      return completion;
    });
  }
}
