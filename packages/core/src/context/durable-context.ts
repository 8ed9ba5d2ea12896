import type { Context } from "aws-lambda";
import { DurableConfigurationError } from "../errors/index.js";
import { AwaitTracker } from "../invocation/suspension-monitor.js";
import { MAP_KIND, mapItemSpecs, PARALLEL_KIND, parallelItemSpecs, runBatch } from "../operations/batch.js";
import { runCreateCallback } from "../operations/callback.js";
import { type ChildRunner, runChildContext } from "../operations/child-context.js";
import { createCombinators } from "../operations/combinators.js";
import { runInvoke } from "../operations/invoke.js";
import {
  afterTurns,
  awaitedAfter,
  CHILD_RETURN_TURNS,
  Phased,
  REPLAYED_STEP_TURNS,
} from "../operations/settle-turns.js";
import { NOT_REPLAYED, replayFinishedStep, runStep } from "../operations/step.js";
import { runWait } from "../operations/wait.js";
import { runWaitForCallback } from "../operations/wait-for-callback.js";
import { runWaitForCondition } from "../operations/wait-for-condition.js";
import { KnownOptions, rejectUnknownOptions } from "../options/known-options.js";
import type { MapConfig, ParallelConfig } from "../types/batch.js";
import type {
  CreateCallbackConfig,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
} from "../types/callback.js";
import type { ChildConfig, ChildFunc } from "../types/child-context.js";
import type { Duration } from "../types/core.js";
import type { DurableContext, DurablePromiseCombinators } from "../types/durable-context.js";
import type { InvokeConfig } from "../types/invoke.js";
import type { DurableContextLogger, DurableLogger, LoggerConfig } from "../types/logger.js";
import type { SerdesConfig } from "../types/serdes.js";
import type { StepConfig, StepFunc } from "../types/step.js";
import type { WaitForConditionCheckFunc, WaitForConditionConfig } from "../types/wait-condition.js";
import { createContextLogger } from "./context-logger.js";
import type { ContextScope, OperationIds } from "./context-scope.js";
import { refuseWrongContext } from "./context-usage.js";
import { DurablePromise } from "./durable-promise.js";
import {
  argumentError,
  guardArguments,
  rejectedOperation,
  requireFunction,
  splitName,
  waitSeconds,
} from "./operation-arguments.js";

function ignore(): void {}

/**
 * The `DurableContext` handlers receive. Each call allocates the next operation id of this context
 * synchronously (ids follow call order, not await order) and starts the operation at once; the
 * returned `DurablePromise` tells the engine when the handler awaits it.
 *
 * The overloads users see are declared once, on {@link DurableContext}; each method here takes the
 * union of its overloads' arguments and sorts them out.
 */
export class DurableContextImpl<TLogger extends DurableLogger = DurableLogger>
  implements DurableContext<TLogger>
{
  readonly #scope: ContextScope;
  #combinators: DurablePromiseCombinators | undefined;
  readonly logger: DurableContextLogger<TLogger>;
  readonly executionContext: { readonly durableExecutionArn: string };
  readonly #contextFor = (scope: ContextScope): DurableContextImpl<TLogger> =>
    new DurableContextImpl<TLogger>(scope);

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

  step<TOutput>(nameOrFn: unknown, fnOrConfig?: unknown, maybeConfig?: unknown): DurablePromise<TOutput> {
    // Not through splitName: this is the replay hot path, where its array costs ~70 bytes per step.
    const named = typeof nameOrFn !== "function";
    const name = named ? (nameOrFn as string | undefined) : undefined;
    const fn = (named ? fnOrConfig : nameOrFn) as StepFunc<TOutput, DurableLogger>;
    const config = (named ? maybeConfig : fnOrConfig) as StepConfig<TOutput> | undefined;
    if (typeof fn !== "function") {
      return rejectedOperation(
        argumentError(
          "context.step()",
          "a function to run",
          fn,
          'Call it as context.step("name", async () => …) or context.step(async () => …).',
        ),
      );
    }
    const scope = this.#scope;
    if (config !== undefined) {
      try {
        rejectUnknownOptions("context.step()", config, KnownOptions.step);
      } catch (error) {
        return rejectedOperation(error);
      }
    }
    const misuse = refuseWrongContext(scope, "step", name);
    if (misuse !== undefined) return rejectedOperation(misuse);
    const ids = scope.nextOperationIds();
    if (scope.runtime.monitor.termination === undefined) {
      const replayed = replayFinishedStep(scope, ids, name, config);
      if (replayed !== NOT_REPLAYED) {
        return awaitedAfter(afterTurns(Promise.resolve(replayed), REPLAYED_STEP_TURNS));
      }
    }
    return this.#launch(
      "step",
      name,
      (operationIds, tracker) => runStep(scope, operationIds, tracker, name, fn, config),
      ids,
    );
  }

  runInChildContext<TOutput>(
    nameOrFn: unknown,
    fnOrConfig?: unknown,
    maybeConfig?: unknown,
  ): DurablePromise<TOutput> {
    return guardArguments(() => {
      const [name, fn, config] = splitName(typeof nameOrFn !== "function", nameOrFn, fnOrConfig, maybeConfig);
      requireFunction(
        fn,
        "context.runInChildContext()",
        "a function to run",
        'Call it as context.runInChildContext("name", async (child) => …).',
      );
      rejectUnknownOptions("context.runInChildContext()", config, KnownOptions.runInChildContext);
      const run = fn as ChildFunc<TOutput, TLogger>;
      return this.#launch("runInChildContext", name, (ids) =>
        this.#childCompletion(
          ids,
          name,
          (childScope) => run(this.#contextFor(childScope)),
          config as ChildConfig<TOutput> | undefined,
        ),
      );
    });
  }

  /** A child context's first part: it ends when the child's result (or error) reaches its caller. */
  #childCompletion<T>(
    ids: OperationIds,
    name: string | undefined,
    run: ChildRunner<T>,
    config: ChildConfig<T> | undefined,
  ): Promise<T> {
    return afterTurns(runChildContext(this.#scope, ids, name, run, config), CHILD_RETURN_TURNS);
  }

  wait(nameOrDuration: unknown, maybeDuration?: unknown): DurablePromise<void> {
    return guardArguments(() => {
      const named = typeof nameOrDuration === "string";
      const name = named ? nameOrDuration : undefined;
      const seconds = waitSeconds((named ? maybeDuration : nameOrDuration) as Duration);
      return this.#launch("wait", name, (ids, tracker) => runWait(this.#scope, ids, tracker, name, seconds));
    });
  }

  waitForCondition<TOutput>(
    nameOrCheck: unknown,
    checkOrConfig?: unknown,
    maybeConfig?: unknown,
  ): DurablePromise<TOutput> {
    return guardArguments(() => {
      const [name, check, options] = splitName(
        typeof nameOrCheck !== "function",
        nameOrCheck,
        checkOrConfig,
        maybeConfig,
      );
      requireFunction(
        check,
        "context.waitForCondition()",
        "a check function",
        'Call it as context.waitForCondition("name", async (state) => …, { initialState, waitStrategy }).',
      );
      rejectUnknownOptions("context.waitForCondition()", options, KnownOptions.waitForCondition);
      const config = options as WaitForConditionConfig<TOutput> | undefined;
      if (typeof config?.waitStrategy !== "function" || config.initialState === undefined) {
        throw new DurableConfigurationError(
          "context.waitForCondition() needs a config with waitStrategy and initialState, for example " +
            '{ initialState: { status: "PENDING" }, waitStrategy: createWaitStrategy({ shouldContinuePolling: ' +
            '(state) => state.status === "PENDING" }) }. initialState must not be undefined.',
          { option: typeof config?.waitStrategy !== "function" ? "waitStrategy" : "initialState" },
        );
      }
      const checkFunc = check as WaitForConditionCheckFunc<TOutput, DurableLogger>;
      return this.#launch("waitForCondition", name, (ids, tracker) =>
        runWaitForCondition(this.#scope, ids, tracker, name, checkFunc, config),
      );
    });
  }

  createCallback<TOutput>(nameOrConfig?: unknown, maybeConfig?: unknown): DurablePromise<TOutput> {
    const named = typeof nameOrConfig === "string" || nameOrConfig === undefined;
    const name = named ? (nameOrConfig as string | undefined) : undefined;
    const config = (named ? maybeConfig : nameOrConfig) as CreateCallbackConfig<unknown> | undefined;
    try {
      rejectUnknownOptions("context.createCallback()", config, KnownOptions.createCallback);
    } catch (error) {
      return rejectedOperation(error);
    }
    return this.#launch(
      "createCallback",
      name,
      (ids) => runCreateCallback(this.#scope, ids, name, config) as Phased<TOutput>,
    );
  }

  waitForCallback<TOutput>(
    nameOrSubmitter: unknown,
    submitterOrConfig?: unknown,
    maybeConfig?: unknown,
  ): DurablePromise<TOutput> {
    return guardArguments(() => {
      const [name, submitter, config] = splitName(
        typeof nameOrSubmitter !== "function",
        nameOrSubmitter,
        submitterOrConfig,
        maybeConfig,
      );
      requireFunction(
        submitter,
        "context.waitForCallback()",
        "a submitter function",
        'Call it as context.waitForCallback("name", async (callbackId) => sendToApprover(callbackId)).',
      );
      rejectUnknownOptions("context.waitForCallback()", config, KnownOptions.waitForCallback);
      return this.#launch("waitForCallback", name, (ids) =>
        runWaitForCallback(
          this.#scope,
          ids,
          name,
          submitter as WaitForCallbackSubmitterFunc<TLogger>,
          config as WaitForCallbackConfig<TOutput> | undefined,
          this.#contextFor,
          (run, childConfig) => this.#childCompletion(ids, name, run, childConfig),
        ),
      );
    });
  }

  invoke<TOutput>(
    nameOrFuncId: unknown,
    funcIdOrInput?: unknown,
    inputOrConfig?: unknown,
    maybeConfig?: unknown,
  ): DurablePromise<TOutput> {
    const named = typeof funcIdOrInput === "string";
    const name = named ? (nameOrFuncId as string) : undefined;
    const funcId = named ? funcIdOrInput : nameOrFuncId;
    const input = named ? inputOrConfig : funcIdOrInput;
    const config = (named ? maybeConfig : inputOrConfig) as InvokeConfig<unknown, TOutput> | undefined;
    if (typeof funcId !== "string" || funcId === "") {
      return rejectedOperation(
        argumentError(
          "context.invoke()",
          "the name or ARN of the function to invoke",
          funcId,
          'Call it as context.invoke("name", "my-function:live", input) or context.invoke("my-function:live", input).',
        ),
      );
    }
    try {
      rejectUnknownOptions("context.invoke()", config, KnownOptions.invoke);
    } catch (error) {
      return rejectedOperation(error);
    }
    return this.#launch("invoke", name, (ids, tracker) =>
      runInvoke(this.#scope, ids, tracker, name, funcId, input, config),
    );
  }

  map<TOutput>(
    nameOrItems: unknown,
    itemsOrFunc: unknown,
    funcOrConfig?: unknown,
    maybeConfig?: unknown,
  ): DurablePromise<TOutput> {
    return guardArguments(() => {
      const named = !Array.isArray(nameOrItems);
      const name = named ? (nameOrItems as string | undefined) : undefined;
      const config = (named ? maybeConfig : funcOrConfig) as MapConfig<unknown, unknown> | undefined;
      rejectUnknownOptions("context.map()", config, KnownOptions.map);
      rejectUnknownOptions(
        "context.map() completionConfig",
        config?.completionConfig,
        KnownOptions.completionConfig,
      );
      const specs = mapItemSpecs(
        named ? itemsOrFunc : nameOrItems,
        named ? funcOrConfig : itemsOrFunc,
        config,
        this.#contextFor,
      );
      return this.#launch(
        "map",
        name,
        (ids) => runBatch(this.#scope, ids, name, MAP_KIND, specs, config) as Promise<TOutput>,
      );
    });
  }

  parallel<TOutput>(
    nameOrBranches: unknown,
    branchesOrConfig?: unknown,
    maybeConfig?: unknown,
  ): DurablePromise<TOutput> {
    return guardArguments(() => {
      const [name, branches, options] = splitName(
        !Array.isArray(nameOrBranches),
        nameOrBranches,
        branchesOrConfig,
        maybeConfig,
      );
      const config = options as ParallelConfig<unknown> | undefined;
      rejectUnknownOptions("context.parallel()", config, KnownOptions.parallel);
      rejectUnknownOptions(
        "context.parallel() completionConfig",
        config?.completionConfig,
        KnownOptions.completionConfig,
      );
      const specs = parallelItemSpecs(branches, config, this.#contextFor);
      return this.#launch(
        "parallel",
        name,
        (ids) => runBatch(this.#scope, ids, name, PARALLEL_KIND, specs, config) as Promise<TOutput>,
      );
    });
  }

  get promise(): DurablePromiseCombinators {
    this.#combinators ??= createCombinators((name, fn, config) => this.runInChildContext(name, fn, config));
    return this.#combinators;
  }

  configureLogger(config: LoggerConfig<TLogger>): void {
    rejectUnknownOptions("context.configureLogger()", config, KnownOptions.logger);
    if (config.customLogger !== undefined) {
      this.#scope.logger = config.customLogger;
      this.#scope.runtime.attachLogger(config.customLogger);
    }
    if (config.modeAware !== undefined) this.#scope.modeAware = config.modeAware;
  }

  configureSerdes(config: SerdesConfig): void {
    rejectUnknownOptions("context.configureSerdes()", config, KnownOptions.serdes);
    if (config.defaultSerdes !== undefined) this.#scope.defaultSerdes = config.defaultSerdes;
    if (config.defaultCallbackDeserializer !== undefined) {
      this.#scope.defaultCallbackDeserializer = config.defaultCallbackDeserializer;
    }
  }

  /**
   * Starts an operation: allocates its id now, runs it, and wraps its completion in a
   * `DurablePromise`. After the invocation has ended, operations reject with the termination error;
   * an operation started on the wrong context is refused (and fails the execution).
   */
  #launch<T>(
    operation: string,
    name: string | undefined,
    run: (ids: OperationIds, tracker: AwaitTracker) => Promise<T> | Phased<T>,
    ids?: OperationIds,
  ): DurablePromise<T> {
    const misuse = ids === undefined ? refuseWrongContext(this.#scope, operation, name) : undefined;
    if (misuse !== undefined) return rejectedOperation(misuse);
    ids ??= this.#scope.nextOperationIds();
    const tracker = new AwaitTracker();
    const terminated = this.#scope.runtime.monitor.terminationError();
    let completion: Promise<T> | Phased<T>;
    if (terminated !== undefined) {
      completion = Promise.reject(terminated);
    } else {
      try {
        completion = run(ids, tracker);
      } catch (error) {
        completion = Promise.reject(error);
      }
    }
    if (completion instanceof Phased) {
      const { started, finish } = completion;
      started.catch(ignore);
      return new DurablePromise(() => {
        tracker.markAwaited();
        return finish();
      });
    }
    completion.catch(ignore);
    return awaitedAfter(completion, tracker);
  }
}
