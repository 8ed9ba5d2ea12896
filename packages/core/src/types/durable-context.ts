import type { Context } from "aws-lambda";
import type { DurablePromise } from "../context/durable-promise.js";
import type {
  BatchResult,
  MapConfig,
  MapFunc,
  NamedParallelBranch,
  ParallelConfig,
  ParallelFunc,
} from "./batch.js";
import type {
  CreateCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
} from "./callback.js";
import type { ChildConfig, ChildFunc } from "./child-context.js";
import type { Duration } from "./core.js";
import type { InvokeConfig } from "./invoke.js";
import type { DurableContextLogger, DurableLogger, LoggerConfig } from "./logger.js";
import type { SerdesConfig } from "./serdes.js";
import type { StepConfig, StepFunc } from "./step.js";
import type { WaitForConditionCheckFunc, WaitForConditionConfig } from "./wait-condition.js";

/**
 * The durable context a handler receives: durable operations (checkpointed, replayed, never
 * repeated once finished), a replay-aware logger and the Lambda context.
 *
 * @example
 * ```ts
 * export const handler = withDurableExecution(async (event: { id: string }, context) => {
 *   const order = await context.step("load", async () => loadOrder(event.id));
 *   await context.wait({ minutes: 5 });
 *   return context.step("ship", async () => ship(order));
 * });
 * ```
 */
export interface DurableContext<TLogger extends DurableLogger = DurableLogger> {
  /** The Lambda context of the current invocation. */
  lambdaContext: Context;
  /** A logger that stays quiet while the context replays work done in earlier invocations. */
  logger: DurableContextLogger<TLogger>;
  /** Facts about the durable execution. */
  executionContext: { readonly durableExecutionArn: string };

  /** Runs `fn` once, checkpoints its result and returns the recorded result on replay. */
  step<TOutput>(
    name: string | undefined,
    fn: StepFunc<TOutput, TLogger>,
    config?: StepConfig<TOutput>,
  ): DurablePromise<TOutput>;
  step<TOutput>(fn: StepFunc<TOutput, TLogger>, config?: StepConfig<TOutput>): DurablePromise<TOutput>;

  /** Runs `fn` with its own durable context; its operations are grouped under one CONTEXT operation. */
  runInChildContext<TOutput>(
    name: string | undefined,
    fn: ChildFunc<TOutput, TLogger>,
    config?: ChildConfig<TOutput>,
  ): DurablePromise<TOutput>;
  runInChildContext<TOutput>(
    fn: ChildFunc<TOutput, TLogger>,
    config?: ChildConfig<TOutput>,
  ): DurablePromise<TOutput>;

  /** Pauses the execution; no compute is billed while waiting. */
  wait(name: string, duration: Duration): DurablePromise<void>;
  wait(duration: Duration): DurablePromise<void>;

  /**
   * Polls until a condition holds: `checkFunc` turns the current state into a new one, then
   * `config.waitStrategy` decides whether to check again after a delay (no compute is billed while
   * waiting) or to stop and return the state. An error from the check fails the operation.
   *
   * @example
   * ```ts
   * const job = await context.waitForCondition("job", async (state) => getJob(state.id), {
   *   initialState: { id, status: "RUNNING" },
   *   waitStrategy: createWaitStrategy({ shouldContinuePolling: (s) => s.status === "RUNNING" }),
   * });
   * ```
   */
  waitForCondition<TOutput>(
    name: string | undefined,
    checkFunc: WaitForConditionCheckFunc<TOutput, TLogger>,
    config: WaitForConditionConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCondition<TOutput>(
    checkFunc: WaitForConditionCheckFunc<TOutput, TLogger>,
    config: WaitForConditionConfig<TOutput>,
  ): DurablePromise<TOutput>;

  /**
   * Creates a callback an external system completes (`SendDurableExecutionCallbackSuccess` or
   * `…Failure`). Resolves with the callback's result promise and its id. The result is the raw
   * string the system sent unless a deserializer is configured; a failure rejects with
   * `CallbackExternalError`, a timeout with `CallbackTimeoutError`.
   *
   * @example
   * ```ts
   * const [approval, callbackId] = await context.createCallback("approval", { timeout: { days: 1 } });
   * await context.step("notify", async () => sendEmail(callbackId));
   * const answer = await approval;
   * ```
   */
  createCallback<TOutput = string>(
    name: string | undefined,
    config?: CreateCallbackConfig<TOutput>,
  ): DurablePromise<CreateCallbackResult<TOutput>>;
  createCallback<TOutput = string>(
    config?: CreateCallbackConfig<TOutput>,
  ): DurablePromise<CreateCallbackResult<TOutput>>;

  /**
   * Creates a callback, hands its id to `submitter` (run as a retried step) and waits for the
   * result. A submitter that fails for good rejects with `CallbackSubmitterError`.
   *
   * @example
   * ```ts
   * const answer = await context.waitForCallback("approval", async (callbackId) => sendEmail(callbackId));
   * ```
   */
  waitForCallback<TOutput = string>(
    name: string | undefined,
    submitter: WaitForCallbackSubmitterFunc<TLogger>,
    config?: WaitForCallbackConfig<TOutput>,
  ): DurablePromise<TOutput>;
  waitForCallback<TOutput = string>(
    submitter: WaitForCallbackSubmitterFunc<TLogger>,
    config?: WaitForCallbackConfig<TOutput>,
  ): DurablePromise<TOutput>;

  /**
   * Invokes another Lambda function (durable targets need a qualified name or ARN) and waits for its
   * result. Input and result are JSON by default; a failed, timed-out or stopped invoke rejects with
   * `InvokeError`.
   *
   * @example
   * ```ts
   * const price = await context.invoke("price", "pricing:live", { sku: "A-1" });
   * ```
   */
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

  /**
   * Runs `mapFunc` for every item, each in a child context of its own, at most `maxConcurrency` at
   * a time. Resolves with a {@link BatchResult} (in input order) even when items fail; by default
   * the batch completes at the first failure. Items still running when the batch completes early
   * are reported as STARTED.
   *
   * @example
   * ```ts
   * const results = await context.map("charge", orders, async (ctx, order) =>
   *   ctx.step("charge", async () => charge(order)), { maxConcurrency: 10 });
   * results.throwIfError();
   * const receipts = results.getResults();
   * ```
   */
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

  /**
   * Runs branches concurrently, each in a child context of its own, and resolves with a
   * {@link BatchResult} in branch order. Completion rules and concurrency as for {@link map}.
   *
   * @example
   * ```ts
   * const [user, orders] = (await context.parallel("load", [
   *   { name: "user", func: async (ctx) => ctx.step(async () => getUser(id)) },
   *   async (ctx) => ctx.step(async () => getOrders(id)),
   * ])).getResults();
   * ```
   */
  parallel<TOutput>(
    name: string | undefined,
    branches: (ParallelFunc<TOutput, TLogger> | NamedParallelBranch<TOutput, TLogger>)[],
    config?: ParallelConfig<TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  parallel<TOutput>(
    branches: (ParallelFunc<TOutput, TLogger> | NamedParallelBranch<TOutput, TLogger>)[],
    config?: ParallelConfig<TOutput>,
  ): DurablePromise<BatchResult<TOutput>>;
  parallel<Branches extends readonly unknown[]>(
    name: string | undefined,
    branches: Branches,
    config?: ParallelConfig<ParallelBranchResult<Branches, TLogger>>,
  ): DurablePromise<BatchResult<ParallelBranchResult<Branches, TLogger>>>;
  parallel<Branches extends readonly unknown[]>(
    branches: Branches,
    config?: ParallelConfig<ParallelBranchResult<Branches, TLogger>>,
  ): DurablePromise<BatchResult<ParallelBranchResult<Branches, TLogger>>>;

  /**
   * Combinators over durable promises that are already running (created by `step`, `wait`, …).
   * Each records its combined outcome as one child context. To control concurrency or tolerate
   * failures, prefer {@link map} or {@link parallel}.
   */
  promise: DurablePromiseCombinators;

  /** Replaces the logger or turns replay-awareness off. */
  configureLogger(config: LoggerConfig<TLogger>): void;
  /** Sets the default serdes of this context and of child contexts created afterwards. */
  configureSerdes(config: SerdesConfig): void;
}

/** The result type of a list of parallel branches (functions or named branches). */
export type ParallelBranchResult<
  Branches extends readonly unknown[],
  TLogger extends DurableLogger = DurableLogger,
> =
  Branches[number] extends ParallelFunc<infer R, TLogger>
    ? R
    : Branches[number] extends NamedParallelBranch<infer R, TLogger>
      ? R
      : never;

/** `context.promise`: `Promise.all`, `allSettled`, `any` and `race` over durable promises, checkpointed. */
export interface DurablePromiseCombinators {
  /**
   * @example
   * ```ts
   * const [user, orders] = await context.promise.all("load", [
   *   context.step("user", async () => getUser(id)),
   *   context.step("orders", async () => getOrders(id)),
   * ]);
   * ```
   */
  all<TOutput>(name: string | undefined, promises: DurablePromise<TOutput>[]): DurablePromise<TOutput[]>;
  all<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<TOutput[]>;
  /** Rejected reasons are stored as `{ name, message, stack }` and rebuilt as errors. */
  allSettled<TOutput>(
    name: string | undefined,
    promises: DurablePromise<TOutput>[],
  ): DurablePromise<PromiseSettledResult<TOutput>[]>;
  allSettled<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<PromiseSettledResult<TOutput>[]>;
  any<TOutput>(name: string | undefined, promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
  any<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
  race<TOutput>(name: string | undefined, promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
  race<TOutput>(promises: DurablePromise<TOutput>[]): DurablePromise<TOutput>;
}
