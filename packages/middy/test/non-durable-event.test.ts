import { InvalidDurableEventError } from "@durable-lambda/core";
import {
  type DurableContext,
  type DurableInternal,
  durable,
  NonDurableEventError,
} from "@durable-lambda/middy";
import { createLambdaContext } from "@durable-lambda/testing";
import middy from "@middy/core";
import errorLogger from "@middy/error-logger";
import { describe, expect, it } from "vitest";

/** A plain Lambda context, typed as Middy types the handler's (the function is called as Lambda calls it). */
const lambdaContext = () =>
  createLambdaContext({
    functionName: "orders",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders",
    memoryLimitInMB: 128,
    awsRequestId: "request-1",
    timeoutMs: 60_000,
  }) as DurableContext;

describe("an event that is not a durable envelope", () => {
  it("fails the invocation with an error naming the cause and the fixes", async () => {
    let handlerRan = false;
    const logged: unknown[] = [];
    const handler = middy<{ orderId: string }, string, Error, DurableContext>()
      .use(durable())
      .use(errorLogger({ logger: (request: { error: unknown }) => logged.push(request.error) }))
      .handler(async () => {
        handlerRan = true;
        return "ran";
      });

    const invocation = handler({ orderId: "o-1" }, lambdaContext());

    await expect(invocation).rejects.toBeInstanceOf(NonDurableEventError);
    const error = (await invocation.catch((caught: unknown) => caught)) as NonDurableEventError;
    expect(error).toBeInstanceOf(InvalidDurableEventError);
    expect(error.name).toBe("NonDurableEventError");
    expect(error.field).toBe("DurableExecutionArn");
    expect(error.message).toContain('The event\'s "DurableExecutionArn" is missing or empty');
    expect(error.message).toContain("register durable() first");
    expect(error.message).toContain('nonDurableEvent: "passThrough"');
    expect(error.cause).toBeInstanceOf(InvalidDurableEventError);
    expect(handlerRan).toBe(false);
    expect(logged).toEqual([error]);
  });

  it("names the envelope field at fault", async () => {
    const handler = middy()
      .use(durable())
      .handler(async () => "ran");

    const error = await handler({ DurableExecutionArn: "arn:x" }, lambdaContext()).catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ name: "NonDurableEventError", field: "CheckpointToken" });
  });

  it("runs the handler unchanged, without durability, with nonDurableEvent: passThrough", async () => {
    const seen: { event: unknown; hasStep: boolean; internal: unknown }[] = [];
    const handler = middy<{ ping: boolean }, string, Error, DurableContext, DurableInternal>()
      .use(durable({ nonDurableEvent: "passThrough" }))
      .before((request) => {
        seen.push({
          event: request.event,
          hasStep: "step" in request.context,
          internal: request.internal.durable,
        });
      })
      .handler(async (event) => (event.ping ? "pong" : "?"));

    const response = await handler({ ping: true }, lambdaContext());

    expect(response).toBe("pong");
    expect(seen).toEqual([{ event: { ping: true }, hasStep: false, internal: undefined }]);
  });
});
