import type { Context } from "aws-lambda";
import { durationToSeconds } from "../duration/index.js";
import { DurableConfigurationError } from "../errors/index.js";
import { AwaitTracker } from "../invocation/suspension-monitor.js";
import { runChildContext } from "../operations/child-context.js";
import { runStep } from "../operations/step.js";
import { runWait } from "../operations/wait.js";
import type { ChildConfig, ChildFunc } from "../types/child-context.js";
import type { Duration } from "../types/core.js";
import type { DurableContext } from "../types/durable-context.js";
import type { DurableContextLogger, DurableLogger, LoggerConfig } from "../types/logger.js";
import type { SerdesConfig } from "../types/serdes.js";
import type { StepConfig, StepFunc } from "../types/step.js";
import type { ContextScope, OperationIds } from "./context-scope.js";
import { DurablePromise } from "./durable-promise.js";
import { createContextLogger } from "./context-logger.js";

function ignore(): void {}

/** A `DurablePromise` already rejected with `error` (bad arguments): nothing is checkpointed. */
function rejectedOperation<T>(error: unknown): DurablePromise<T> {
  const rejected = Promise.reject(error);
  rejected.catch(ignore);
  return new DurablePromise(() => rejected);
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

/**
 * The `DurableContext` handlers receive. Each call allocates the next operation id of this context
 * synchronously (ids follow call order, not await order) and starts the operation at once; the
 * returned `DurablePromise` tells the engine when the handler awaits it.
 */
export class DurableContextImpl<TLogger extends DurableLogger = DurableLogger> implements DurableContext<TLogger> {
  readonly #scope: ContextScope;
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
    return this.#launch((ids, tracker) => runStep(this.#scope, ids, tracker, name, fn, config));
  }

  runInChildContext<TOutput>(
    name: string | undefined,
    fn: ChildFunc<TOutput, TLogger>,
    config?: ChildConfig<TOutput>,
  ): DurablePromise<TOutput>;
  runInChildContext<TOutput>(fn: ChildFunc<TOutput, TLogger>, config?: ChildConfig<TOutput>): DurablePromise<TOutput>;
  runInChildContext<TOutput>(
    nameOrFn: string | undefined | ChildFunc<TOutput, TLogger>,
    fnOrConfig?: ChildFunc<TOutput, TLogger> | ChildConfig<TOutput>,
    maybeConfig?: ChildConfig<TOutput>,
  ): DurablePromise<TOutput> {
    const named = typeof nameOrFn !== "function";
    const name = named ? nameOrFn : undefined;
    const fn = (named ? fnOrConfig : nameOrFn) as ChildFunc<TOutput, TLogger>;
    const config = (named ? maybeConfig : fnOrConfig) as ChildConfig<TOutput> | undefined;
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
  #launch<T>(run: (ids: OperationIds, tracker: AwaitTracker) => Promise<T>): DurablePromise<T> {
    const ids = this.#scope.nextOperationIds();
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
