import type { Context } from "aws-lambda";
import { DurableInvocation } from "./invocation/durable-invocation.js";
import { validateExecutionConfig } from "./invocation/execution-config.js";
import { KnownOptions, rejectUnknownOptions } from "./options/known-options.js";
import { preparePlugins } from "./plugins/loading/prepare-plugins.js";
import type {
  DurableExecutionConfig,
  DurableExecutionHandler,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
  DurableLambdaHandler,
} from "./types/core.js";
import type { DurableLogger } from "./types/logger.js";

/**
 * Turns a durable handler into a Lambda handler. Each invocation replays the handler from the top:
 * finished operations return their recorded results, new ones run and are checkpointed, and the
 * invocation answers SUCCEEDED, FAILED or PENDING (suspended until the service re-invokes it).
 *
 * @throws `DurableConfigurationError` when `config` is invalid (an unknown option, or both
 * `client` and `durableExecutionClient`), as the handler is wrapped. The returned handler throws
 * `InvalidDurableEventError` for an event that is not a durable execution envelope.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
 *
 * @example
 * ```ts
 * import { withDurableExecution } from "@durable-lambda/core";
 *
 * export const handler = withDurableExecution(async (event: { orderId: string }, context) => {
 *   const order = await context.step("load order", async () => loadOrder(event.orderId));
 *   await context.wait({ hours: 1 });
 *   return context.step("notify", async () => notify(order));
 * });
 * ```
 */
export function withDurableExecution<
  // biome-ignore lint/suspicious/noExplicitAny: the default mirrors the official SDK, where untyped events are `any`.
  TEvent = any,
  // biome-ignore lint/suspicious/noExplicitAny: as above, for untyped results.
  TResult = any,
  TLogger extends DurableLogger = DurableLogger,
>(
  handler: DurableExecutionHandler<TEvent, TResult, TLogger>,
  config: DurableExecutionConfig = {},
): DurableLambdaHandler {
  // Front ends (durable()) accept options of their own, so the unknown-key check is made here.
  if (typeof config === "object" && config !== null) {
    rejectUnknownOptions("withDurableExecution()", config, KnownOptions.withDurableExecution);
  }
  validateExecutionConfig(config);
  // Plugin modules load while the Lambda initialises; a failure is reported by each invocation.
  preparePlugins(config);
  return async (
    event: DurableExecutionInvocationInput,
    lambdaContext: Context,
  ): Promise<DurableExecutionInvocationOutput> => {
    const invocation = await DurableInvocation.start<TEvent>(event, lambdaContext, config);
    const settlement = await invocation.runHandler(
      handler as unknown as DurableExecutionHandler<TEvent, TResult>,
    );
    return invocation.complete(settlement);
  };
}
