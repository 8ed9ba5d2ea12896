import { LambdaClient } from "@aws-sdk/client-lambda";
import { createRetryStrategy, withDurableExecution } from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { afterEach, describe, expect, it } from "vitest";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

describe("over HTTP with the real AWS SDK client", () => {
  let runner: LocalDurableRunner | undefined;
  afterEach(async () => {
    await runner?.close();
    delete process.env.AWS_ENDPOINT_URL_LAMBDA;
  });

  function workflow(client?: LambdaClient) {
    let failures = 0;
    return withDurableExecution(
      async (event: { id: string }, context) => {
        const a = await context.step("a", async () => `${event.id}-a`);
        await context.wait({ minutes: 10 });
        const b = await context.step(
          "b",
          async () => {
            if (failures++ === 0) throw new Error("transient");
            return "b";
          },
          { retryStrategy: createRetryStrategy({ jitter: "NONE" }) },
        );
        const c = await context.runInChildContext("c", async (child) => child.step("c1", async () => "c"));
        return [a, b, c];
      },
      client === undefined ? {} : { client },
    );
  }

  it("runs a multi-invocation execution with an injected LambdaClient", async () => {
    runner = new LocalDurableRunner({ handler: async (e, c) => handlerRef.current(e, c), transport: "http" });
    await runner.start();
    const client = new LambdaClient({
      endpoint: runner.endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });
    const handlerRef = { current: workflow(client) };

    const result = await runner.run({ input: { id: "x" } });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual(["x-a", "b", "c"]);
    expect(result.invocations.length).toBeGreaterThanOrEqual(3);
    expect(runner.service.requests.some((r) => r.api === "checkpoint")).toBe(true);
  });

  it("finds the service through AWS_ENDPOINT_URL_LAMBDA with the default transport", async () => {
    runner = new LocalDurableRunner({ handler: async (e, c) => handlerRef.current(e, c), transport: "http" });
    await runner.start();
    process.env.AWS_ENDPOINT_URL_LAMBDA = runner.endpoint;
    process.env.AWS_REGION ??= "us-east-1";
    process.env.AWS_ACCESS_KEY_ID ??= "local";
    process.env.AWS_SECRET_ACCESS_KEY ??= "local";
    const handlerRef = { current: workflow() };

    const result = await runner.run({ input: { id: "y" } });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual(["y-a", "b", "c"]);
  });
});
