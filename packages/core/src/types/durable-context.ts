import type { Context } from "aws-lambda";
import type { DurablePromise } from "../context/durable-promise.js";
import type { ChildConfig, ChildFunc } from "./child-context.js";
import type { Duration } from "./core.js";
import type { DurableContextLogger, DurableLogger, LoggerConfig } from "./logger.js";
import type { SerdesConfig } from "./serdes.js";
import type { StepConfig, StepFunc } from "./step.js";

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

  /** Replaces the logger or turns replay-awareness off. */
  configureLogger(config: LoggerConfig<TLogger>): void;
  /** Sets the default serdes of this context and of child contexts created afterwards. */
  configureSerdes(config: SerdesConfig): void;
}
