import type { Context } from "aws-lambda";
import type { DurableContext } from "../types/durable-context.js";
import type { DurableLogger } from "../types/logger.js";

/**
 * A root `DurableContext` that is also a complete Lambda `Context`: what front ends whose handlers
 * expect a Lambda context (Middy, Powertools decorators) hand to the user's handler.
 *
 * @example
 * ```ts
 * const handler = async (event: Order, context: LambdaDurableContext) => {
 *   context.logger.info("remaining", context.getRemainingTimeInMillis());
 *   return context.step("ship", async () => ship(event));
 * };
 * ```
 */
export type LambdaDurableContext<TLogger extends DurableLogger = DurableLogger> = DurableContext<TLogger> &
  Context;

/**
 * Brand of a {@link LambdaDurableContext}. A registered symbol, so copies of this package loaded side
 * by side recognise each other's contexts.
 */
const LAMBDA_DURABLE_CONTEXT_BRAND = Symbol.for("@durable-lambda/core/lambda-durable-context");

/** The Lambda context fields, read from the invocation's Lambda context on every access. */
const LAMBDA_FIELDS = [
  "functionName",
  "functionVersion",
  "invokedFunctionArn",
  "memoryLimitInMB",
  "awsRequestId",
  "logGroupName",
  "logStreamName",
  "identity",
  "clientContext",
  "tenantId",
] as const;

/** The Lambda context methods, forwarded with the Lambda context as `this`. */
const LAMBDA_METHODS = ["getRemainingTimeInMillis", "done", "fail", "succeed"] as const;

type WithLambdaContext = { readonly lambdaContext: Context };

function lambdaFieldDescriptor(field: (typeof LAMBDA_FIELDS)[number]): PropertyDescriptor {
  return {
    get(this: WithLambdaContext) {
      return (this.lambdaContext as unknown as Partial<Record<string, unknown>>)[field];
    },
    enumerable: true,
    configurable: true,
  };
}

function lambdaMethodDescriptor(method: (typeof LAMBDA_METHODS)[number]): PropertyDescriptor {
  return {
    value(this: WithLambdaContext, ...args: unknown[]) {
      const lambdaContext = this.lambdaContext as unknown as Record<
        string,
        (...params: unknown[]) => unknown
      >;
      return lambdaContext[method]?.apply(lambdaContext, args);
    },
    enumerable: false,
    configurable: true,
    writable: true,
  };
}

/**
 * The Lambda half of a {@link LambdaDurableContext}, for the prototype of a context class: accessors
 * that read `this.lambdaContext` on every access. Getters (not copies) keep values live: a
 * middleware that sets `callbackWaitsForEmptyEventLoop` changes the real Lambda context.
 */
export const LAMBDA_CONTEXT_DESCRIPTORS: PropertyDescriptorMap = {
  ...Object.fromEntries(LAMBDA_FIELDS.map((field) => [field, lambdaFieldDescriptor(field)])),
  ...Object.fromEntries(LAMBDA_METHODS.map((method) => [method, lambdaMethodDescriptor(method)])),
  callbackWaitsForEmptyEventLoop: {
    get(this: WithLambdaContext) {
      return this.lambdaContext.callbackWaitsForEmptyEventLoop;
    },
    set(this: WithLambdaContext, value: boolean) {
      this.lambdaContext.callbackWaitsForEmptyEventLoop = value;
    },
    enumerable: true,
    configurable: true,
  },
  [LAMBDA_DURABLE_CONTEXT_BRAND]: { value: true, enumerable: false },
};

/**
 * Whether `value` is a {@link LambdaDurableContext} made by `createHandlerContext` (from any copy of
 * this package).
 *
 * @example
 * ```ts
 * if (isLambdaDurableContext(context)) await context.step("work", work);
 * ```
 */
export function isLambdaDurableContext(value: unknown): value is LambdaDurableContext {
  return (
    typeof value === "object" && value !== null && Reflect.get(value, LAMBDA_DURABLE_CONTEXT_BRAND) === true
  );
}
