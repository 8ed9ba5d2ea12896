import { type DurableLogger, InvalidDurableEventError } from "@durable-lambda/core";
import {
  createHandlerContext,
  DurableInvocation,
  executionStartTime,
  type LambdaDurableContext,
} from "@durable-lambda/core/internal";
import type { MiddlewareObj, Request } from "@middy/core";
import type { Context } from "aws-lambda";
import { DurableRequest } from "./durable-request.js";
import { NonDurableEventError } from "./errors.js";
import { Hazard, HazardWarnings } from "./hazards.js";
import {
  type DurableMiddlewareOptions,
  defaults,
  durableValidateOptions,
  NonDurableEvent,
} from "./options.js";

/**
 * The context a handler behind `durable()` receives: the durable operations (`step`, `wait`, …)
 * and a complete Lambda `Context` (live `functionName`, `awsRequestId`,
 * `getRemainingTimeInMillis()`, …), plus `lambdaContext` itself. Use it as Middy's context type.
 *
 * @example
 * ```ts
 * const handler = middy<{ id: string }, string, Error, DurableContext>()
 *   .use(durable())
 *   .handler(async (event, context) => context.step("load", async () => load(event.id)));
 * ```
 */
export type DurableContext<TLogger extends DurableLogger = DurableLogger> = LambdaDurableContext<TLogger>;

/**
 * Replay facts `durable()` publishes as `request.internal.durable` for the other middlewares, for
 * example to do something once per execution rather than once per invocation.
 *
 * @example
 * ```ts
 * const logEventOnce = {
 *   before: (request) => {
 *     if (request.internal.durable?.isFirstInvocation) console.log(JSON.stringify(request.event));
 *   },
 * };
 * ```
 */
export interface DurableRequestFacts {
  /** The durable execution's ARN: the same on every invocation of the execution. */
  readonly executionArn: string;
  /** True on the invocation that starts the execution: there is nothing to replay. */
  readonly isFirstInvocation: boolean;
  /** True when the invocation begins by replaying the work of earlier invocations (the opposite). */
  readonly isReplay: boolean;
  /** Hashed ids of operations changed outside the function since the last invocation (a wait ended, a callback arrived). */
  readonly updatedOperationIds: readonly string[];
  /**
   * When the execution started (the same on every invocation), if the envelope says. The envelope
   * does not carry the execution timeout; with the `ExecutionTimeout` of the function's
   * `DurableConfig`, the execution's remaining time is `start + timeout - now`.
   */
  readonly executionStartTime: Date | undefined;
}

/**
 * What `durable()` adds to `request.internal` (absent for events passed through).
 *
 * @example
 * ```ts
 * const once: MiddlewareObj<unknown, unknown, Error, DurableContext, DurableInternal> = {
 *   before: (request) => void (request.internal.durable?.isFirstInvocation && notify(request.event)),
 * };
 * ```
 */
export type DurableInternal = { durable?: DurableRequestFacts };

/** Middy's request as `durable()`'s hooks see it. */
type DurableMiddyRequest<TLogger extends DurableLogger> = Request<
  unknown,
  unknown,
  Error,
  DurableContext<TLogger>,
  DurableInternal
>;

function requestFacts(invocation: DurableInvocation, envelope: unknown): DurableRequestFacts {
  return Object.freeze({
    executionArn: invocation.durableExecutionArn,
    isFirstInvocation: invocation.isFirstInvocation,
    isReplay: !invocation.isFirstInvocation,
    updatedOperationIds: invocation.updatedOperationIds,
    executionStartTime: executionStartTime(envelope),
  });
}

/**
 * Makes a Middy handler an AWS Lambda durable function. Register it first:
 *
 * - `before` starts the durable invocation: the user's input becomes `request.event`, a
 *   {@link DurableContext} becomes `request.context`, replay facts go to `request.internal.durable`;
 * - `after` and `onError` map the outcome to the durable output (SUCCEEDED, FAILED or PENDING)
 *   through the engine, so a suspension or a fatal engine error stays authoritative whatever other
 *   middlewares do with the error or the response.
 *
 * When the invocation suspends, the handler's pending durable operations reject with the
 * suspension signal (`isSuspension(error)`), so every other middleware's `onError` and Middy's
 * `requestEnd` run on every invocation.
 *
 * @throws `TypeError` (Middy's option error, with `cause.package`) for an unknown or mistyped
 * option, as the middleware is created; see {@link durableValidateOptions}.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
 *
 * @example
 * ```ts
 * import middy from "@middy/core";
 * import { type DurableContext, durable } from "@durable-lambda/middy";
 *
 * export const handler = middy<{ orderId: string }, string, Error, DurableContext>()
 *   .use(durable())
 *   .handler(async (event, context) => {
 *     const order = await context.step("load", async () => loadOrder(event.orderId));
 *     await context.wait({ hours: 1 });
 *     return context.step("ship", async () => ship(order));
 *   });
 * ```
 */
export function durable<TLogger extends DurableLogger = DurableLogger>(
  options: DurableMiddlewareOptions<TLogger> = {},
): MiddlewareObj<unknown, unknown, Error, DurableContext<TLogger>, DurableInternal> {
  durableValidateOptions(options);
  const { nonDurableEvent, ...config } = { ...defaults, ...options };
  const warnings = new HazardWarnings();
  const durableRequests = new WeakMap<object, DurableRequest>();

  const durableMiddlewareBefore = async (request: DurableMiddyRequest<TLogger>): Promise<unknown> => {
    const envelope = request.event;
    let invocation: DurableInvocation;
    try {
      // The context is still the Lambda context here: durable() is the first middleware.
      invocation = await DurableInvocation.start(envelope, request.context as Context, config);
    } catch (error) {
      if (!(error instanceof InvalidDurableEventError)) throw error;
      if (nonDurableEvent === NonDurableEvent.PASS_THROUGH) return undefined;
      throw new NonDurableEventError(error);
    }
    const durableRequest = new DurableRequest(invocation, request, warnings);
    durableRequests.set(request, durableRequest);
    request.internal.durable = requestFacts(invocation, envelope);
    // The engine ended the invocation before the handler could run (state not loadable, bad input):
    // answer at once, as withDurableExecution does, without running the rest of the chain.
    if (invocation.termination !== undefined) return durableRequest.complete();
    request.event = invocation.input;
    request.context = createHandlerContext<TLogger>(invocation, config);
    return undefined;
  };

  const durableMiddlewareAfter = async (request: DurableMiddyRequest<TLogger>): Promise<void> => {
    const durableRequest = durableRequests.get(request);
    if (durableRequest === undefined || durableRequest.completed) return;
    await durableRequest.complete({ ok: true, value: durableRequest.response });
  };

  const durableMiddlewareOnError = async (request: DurableMiddyRequest<TLogger>): Promise<void> => {
    const durableRequest = durableRequests.get(request);
    if (durableRequest === undefined) return;
    if (durableRequest.completed) {
      if (!durableRequest.isCompletionError(request.error)) warnings.warn(Hazard.ERROR_AFTER_OUTPUT);
      return;
    }
    await durableRequest.complete(durableRequest.failure(request.error));
  };

  return {
    name: "durable",
    before: durableMiddlewareBefore,
    after: durableMiddlewareAfter,
    onError: durableMiddlewareOnError,
  };
}
