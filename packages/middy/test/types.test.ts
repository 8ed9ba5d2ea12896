import type { DurablePromise, DurableContext as EngineDurableContext } from "@durable-lambda/core";
import {
  type DurableContext,
  type DurableInternal,
  type DurableMiddlewareOptions,
  type DurableRequestFacts,
  durable,
} from "@durable-lambda/middy";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { describe, expect, expectTypeOf, it } from "vitest";

// These checks run in the package's `typecheck` (tsc over src and test): a wrong type fails the
// build. Every `@ts-expect-error` must meet an error, or tsc reports it as unused.

interface Order {
  orderId: string;
}

describe("the handler's context type", () => {
  it("types middy<Event, Result, Error, DurableContext>() without casts", () => {
    const handler = middy<Order, string, Error, DurableContext>()
      .use(durable())
      .handler(async (event, context) => {
        expectTypeOf(event).toEqualTypeOf<Order>();
        expectTypeOf(context.step("load", async () => 1)).toEqualTypeOf<DurablePromise<number>>();
        expectTypeOf(context.functionName).toEqualTypeOf<string>();
        expectTypeOf(context.getRemainingTimeInMillis()).toEqualTypeOf<number>();
        expectTypeOf(context.lambdaContext).toEqualTypeOf<Context>();
        // @ts-expect-error a step needs a function
        void context.step("load", 42);
        // @ts-expect-error not a member of the durable or the Lambda context
        void context.sleep({ seconds: 1 });
        await context.wait({ minutes: 1 });
        return context.step("ship", async () => `shipped ${event.orderId}`);
      });
    expectTypeOf(handler).toBeFunction();
  });

  it("adds the durable context to an untyped middy() through .use(durable())", () => {
    middy()
      .use(durable())
      .handler(async (_event, context) => {
        expectTypeOf(context).toExtend<EngineDurableContext>();
        expectTypeOf(context).toExtend<Context>();
        return context.runInChildContext("child", async (child) => child.step(async () => "done"));
      });
  });

  it("is both the engine's DurableContext and a Lambda Context", () => {
    expectTypeOf<DurableContext>().toExtend<EngineDurableContext>();
    expectTypeOf<DurableContext>().toExtend<Context>();
    // @ts-expect-error a plain Lambda context has no durable operations
    expectTypeOf<Context>().toExtend<DurableContext>();
  });

  it("rejects a handler whose result does not match the declared one", () => {
    middy<Order, string, Error, DurableContext>()
      .use(durable())
      // @ts-expect-error the declared result is a string
      .handler(async (_event, context) => context.step("count", async () => 1));
  });
});

describe("request.internal", () => {
  it("types the replay facts for other middlewares", () => {
    middy<Order, string, Error, DurableContext, DurableInternal>()
      .use(durable())
      .before((request) => {
        expectTypeOf(request.internal.durable).toEqualTypeOf<DurableRequestFacts | undefined>();
        expectTypeOf(request.internal.durable?.isFirstInvocation).toEqualTypeOf<boolean | undefined>();
      });
  });
});

describe("the options type", () => {
  it("accepts the engine's options and rejects unknown ones", () => {
    expectTypeOf<DurableMiddlewareOptions>().toHaveProperty("durableExecutionClient");
    expectTypeOf<DurableMiddlewareOptions>().toHaveProperty("plugins");
    durable({ nonDurableEvent: "passThrough" });
    // The option validator rejects at run time what the types reject at compile time.
    expect(() =>
      // @ts-expect-error not one of "error" | "passThrough"
      durable({ nonDurableEvent: "ignore" }),
    ).toThrow(TypeError);
    expect(() =>
      // @ts-expect-error unknown option
      durable({ timeoutEarly: true }),
    ).toThrow(TypeError);
  });
});
