import type { Context } from "aws-lambda";
import type { DurablePromise } from "../context/durable-promise.js";
import type {
  CreateCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
} from "./callback.js";
import type { ChildConfig, ChildFunc } from "./child-context.js";
import type { Duration } from "./core.js";
import type { DurableContextLogger, DurableLogger, LoggerConfig } from "./logger.js";
import type { SerdesConfig } from "./serdes.js";
import type { InvokeConfig } from "./invoke.js";
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
  runInChildContext<TOutput>(fn: ChildFunc<TOutput, TLogger>, config?: ChildConfig<TOutput>): DurablePromise<TOutput>;

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
  createCallback<TOutput = string>(config?: CreateCallbackConfig<TOutput>): DurablePromise<CreateCallbackResult<TOutput>>;

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
  invoke<TInput, TOutput>(funcId: string, input?: TInput, config?: InvokeConfig<TInput, TOutput>): DurablePromise<TOutput>;

  /** Replaces the logger or turns replay-awareness off. */
  configureLogger(config: LoggerConfig<TLogger>): void;
  /** Sets the default serdes of this context and of child contexts created afterwards. */
  configureSerdes(config: SerdesConfig): void;
}
