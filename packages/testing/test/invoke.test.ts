import {
  DurableExecutionAlreadyStartedException,
  GetDurableExecutionCommand,
  InvalidParameterValueException,
  InvalidRequestContentException,
  InvokeCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { afterEach, describe, expect, it } from "vitest";
import type { LocalDurableRunner } from "../src/index.js";
import { httpRunner } from "./support/http.js";

const decoder = new TextDecoder();
const text = (payload: Uint8Array | undefined) => (payload === undefined ? "" : decoder.decode(payload));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("Invoke over HTTP with the real LambdaClient", () => {
  let runner: LocalDurableRunner | undefined;
  afterEach(async () => {
    await runner?.close();
    runner = undefined;
  });

  async function ordersFunction() {
    let handlerStarts = 0;
    const setup = await httpRunner(
      async (event: { id: number; fail?: boolean }, ctx) => {
        handlerStarts += 1;
        const total = await ctx.step("price", async () => event.id * 10);
        await ctx.wait({ days: 1 });
        if (event.fail === true) throw new Error(`order ${event.id} cannot ship`);
        return { id: event.id, total };
      },
      { functionName: "orders" },
    );
    runner = setup.runner;
    return { ...setup, starts: () => handlerStarts };
  }

  it("RequestResponse starts a named execution, runs it to the end and returns its result and ARN", async () => {
    const { client } = await ordersFunction();
    const response = await client.send(
      new InvokeCommand({
        FunctionName: "orders",
        DurableExecutionName: "order-7",
        Payload: json({ id: 7 }),
      }),
    );
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    expect(response.ExecutedVersion).toBe("$LATEST");
    expect(JSON.parse(text(response.Payload))).toEqual({ id: 7, total: 70 });
    expect(response.DurableExecutionArn).toMatch(
      /^arn:aws:lambda:us-east-1:123456789012:function:orders:\$LATEST\/durable-execution\/order-7\/[0-9a-f-]{36}$/,
    );
    const described = await client.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: response.DurableExecutionArn }),
    );
    expect(described.Status).toBe("SUCCEEDED");
    expect(described.DurableExecutionName).toBe("order-7");
  });

  it("the same name and payload return the existing execution without running it again", async () => {
    const { client, starts } = await ordersFunction();
    const request = { FunctionName: "orders", DurableExecutionName: "order-8", Payload: json({ id: 8 }) };
    const first = await client.send(new InvokeCommand(request));
    const startsAfterFirst = starts();
    const second = await client.send(new InvokeCommand(request));
    expect(second.DurableExecutionArn).toBe(first.DurableExecutionArn);
    expect(text(second.Payload)).toBe(text(first.Payload));
    expect(starts()).toBe(startsAfterFirst);
  });

  it("the same name with another payload is DurableExecutionAlreadyStartedException (409)", async () => {
    const { client } = await ordersFunction();
    await client.send(
      new InvokeCommand({
        FunctionName: "orders",
        DurableExecutionName: "order-9",
        Payload: json({ id: 9 }),
      }),
    );
    const error = await client
      .send(
        new InvokeCommand({
          FunctionName: "orders",
          DurableExecutionName: "order-9",
          Payload: json({ id: 10 }),
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DurableExecutionAlreadyStartedException);
    expect((error as DurableExecutionAlreadyStartedException).$metadata.httpStatusCode).toBe(409);
    expect((error as Error).message).toMatch(
      /order-9 already exists for function orders with a different input/,
    );
  });

  it("Event answers 202 with the ARN at once and the execution finishes in the background", async () => {
    const { client, runner: events } = await ordersFunction();
    const response = await client.send(
      new InvokeCommand({
        FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:orders",
        InvocationType: "Event",
        DurableExecutionName: "order-11",
        Payload: json({ id: 11 }),
      }),
    );
    expect(response.StatusCode).toBe(202);
    expect(response.Payload?.length ?? 0).toBe(0);
    const arn = response.DurableExecutionArn as string;
    await events.service.waitForCompletion(arn);
    const result = events.inspect(arn);
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ id: 11, total: 110 });
  });

  it("a failed execution answers 200 with FunctionError Unhandled and the error as the payload", async () => {
    const { client } = await ordersFunction();
    const response = await client.send(
      new InvokeCommand({ FunctionName: "orders", Payload: json({ id: 12, fail: true }) }),
    );
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBe("Unhandled");
    expect(JSON.parse(text(response.Payload))).toEqual({
      errorType: "Error",
      errorMessage: "order 12 cannot ship",
    });
    expect(response.DurableExecutionArn).toContain("/durable-execution/");
  });

  it("a qualifier becomes the execution's version", async () => {
    const { client } = await ordersFunction();
    const response = await client.send(
      new InvokeCommand({ FunctionName: "orders", Qualifier: "3", Payload: json({ id: 13 }) }),
    );
    expect(response.ExecutedVersion).toBe("3");
    expect(response.DurableExecutionArn).toContain(":function:orders:3/durable-execution/");
  });

  it("rejects an unknown function, a payload that is not JSON and an unknown invocation type", async () => {
    const { client } = await ordersFunction();
    const unknown = await client
      .send(new InvokeCommand({ FunctionName: "nope", Payload: json({}) }))
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect((unknown as Error).message).toMatch(
      /^Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope/,
    );

    const notJson = await client
      .send(new InvokeCommand({ FunctionName: "orders", Payload: new TextEncoder().encode("{oops") }))
      .catch((caught: unknown) => caught);
    expect(notJson).toBeInstanceOf(InvalidRequestContentException);
    expect((notJson as InvalidRequestContentException).$metadata.httpStatusCode).toBe(400);
    expect((notJson as Error).message).toMatch(/^Could not parse request body into json/);

    const badType = await client
      .send(
        new InvokeCommand({ FunctionName: "orders", InvocationType: "Later" as never, Payload: json({}) }),
      )
      .catch((caught: unknown) => caught);
    expect(badType).toBeInstanceOf(InvalidParameterValueException);
    expect((badType as Error).message).toMatch(
      /InvocationType must be one of RequestResponse, Event, DryRun/,
    );
  });
});

describe("Invoke in process", () => {
  it("answers like the HTTP API: result, ARN, idempotent names, errors", async () => {
    const { runner } = await httpRunner(
      async (event: { n: number }, ctx) => ctx.step("double", async () => event.n * 2),
      {
        functionName: "doubler",
      },
    );
    try {
      const service = runner.service;
      const response = await service.invoke({
        FunctionName: "doubler",
        DurableExecutionName: "d",
        Payload: '{"n":4}',
      });
      expect(response).toMatchObject({ StatusCode: 200, ExecutedVersion: "$LATEST" });
      expect(text(response.Payload)).toBe("8");
      const again = await service.invoke({
        FunctionName: "doubler",
        DurableExecutionName: "d",
        Payload: '{"n":4}',
      });
      expect(again.DurableExecutionArn).toBe(response.DurableExecutionArn);
      await expect(
        service.invoke({ FunctionName: "doubler", DurableExecutionName: "d", Payload: '{"n":5}' }),
      ).rejects.toMatchObject({ name: "DurableExecutionAlreadyStartedException" });
      const dryRun = await service.invoke({ FunctionName: "doubler", InvocationType: "DryRun" });
      expect(dryRun).toEqual({ StatusCode: 204, ExecutedVersion: "$LATEST" });
    } finally {
      await runner.close();
    }
  });

  it("calls a plain function and reports its failure as FunctionError", async () => {
    const { runner } = await httpRunner(async () => "unused");
    try {
      runner.registerFunction("echo", async (event: unknown) => ({ echoed: event }));
      runner.registerFunction("broken", async () => {
        throw new TypeError("no such thing");
      });
      const echoed = await runner.service.invoke({ FunctionName: "echo", Payload: '{"a":1}' });
      expect(JSON.parse(text(echoed.Payload))).toEqual({ echoed: { a: 1 } });
      expect(echoed.DurableExecutionArn).toBeUndefined();
      const broken = await runner.service.invoke({ FunctionName: "broken" });
      expect(broken.FunctionError).toBe("Unhandled");
      expect(JSON.parse(text(broken.Payload))).toEqual({
        errorType: "TypeError",
        errorMessage: "no such thing",
      });
      await expect(
        runner.service.invoke({ FunctionName: "echo", DurableExecutionName: "x" }),
      ).rejects.toThrow(/DurableExecutionName applies only to durable functions/);
    } finally {
      await runner.close();
    }
  });
});
