import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { CallbackSubmitterError, ChildContextError, type DurableOperationError } from "../errors/index.js";
import { passThroughSerdes } from "../serdes/index.js";
import type {
  CreateCallbackConfig,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
} from "../types/callback.js";
import type { ChildConfig } from "../types/child-context.js";
import { OperationSubType } from "../types/core.js";
import type { DurableContext } from "../types/durable-context.js";
import type { DurableLogger } from "../types/logger.js";
import type { Serdes } from "../types/serdes.js";
import type { ChildRunner } from "./child-context.js";
import { deserializeValue } from "./operation-support.js";
import { awaitedAfter, Phased } from "./settle-turns.js";

/** Errors of the callback itself reach the caller of `waitForCallback` unchanged. */
const CALLBACK_ERROR_TYPES: ReadonlySet<string> = new Set([
  "CallbackTimeoutError",
  "CallbackExternalError",
  "CallbackError",
]);

/** A submitter that failed for good becomes a `CallbackSubmitterError`; anything else a `ChildContextError`. */
function mapWaitForCallbackError(error: DurableOperationError): DurableOperationError {
  if (CALLBACK_ERROR_TYPES.has(error.errorType)) return error;
  if (error.errorType === "StepError") return new CallbackSubmitterError(error.message, error);
  return new ChildContextError(error.message, error);
}

/** Starts a child context with the operation's ids; settles when its result reaches its caller. */
export type ChildCompletion = <T>(run: ChildRunner<T>, config: ChildConfig<T>) => Promise<T>;

/**
 * `context.waitForCallback`: a CONTEXT (SubType WaitForCallback) holding a `createCallback` and a
 * step that hands the callback id to `submitter`, retried by `config.retryStrategy`. The result is
 * deserialized once, when awaited: with a context-wide callback deserializer the inner layers pass
 * the raw string through.
 */
export function runWaitForCallback<TOutput, TLogger extends DurableLogger>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  submitter: WaitForCallbackSubmitterFunc<TLogger>,
  config: WaitForCallbackConfig<TOutput> | undefined,
  contextFor: (scope: ContextScope) => DurableContext<TLogger>,
  childCompletion: ChildCompletion,
): Phased<TOutput> {
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
  const completion = childCompletion<string>(async (childScope) => {
    const context = contextFor(childScope);
    const [result, callbackId] = await context.createCallback<string>(undefined, callbackConfig);
    await context.step(
      undefined,
      async (stepContext) => {
        await submitter(callbackId, { logger: stepContext.logger });
      },
      config?.retryStrategy === undefined ? undefined : { retryStrategy: config.retryStrategy },
    );
    return await result;
  }, childConfig);
  completion.catch(() => {});
  // Awaited as `runInChildContext`'s promise would be, in the same turns.
  const child = awaitedAfter(completion);
  const started = (async () => await child)();
  return new Phased(started, async () => {
    const raw = await started;
    return await deserializeValue(scope, ids, deserializer, raw, name);
  });
}
