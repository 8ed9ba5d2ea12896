import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { durable } from "@durable-lambda/middy";
import { type LocalDurableHandler, LocalDurableRunner } from "@durable-lambda/testing";
import middy from "@middy/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asLambdaHandler } from "./support/workflows.js";

describe("durable({ redrive: true })", () => {
  const runs: string[] = [];
  let broken = true;
  let runner: LocalDurableRunner;
  let lambda: LambdaClient;
  beforeAll(async () => {
    let handler: LocalDurableHandler = () => undefined;
    runner = new LocalDurableRunner({
      functionName: "orders",
      transport: "http",
      handler: (event, context) => handler(event, context),
    });
    await runner.start();
    lambda = new LambdaClient({
      endpoint: runner.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    handler = asLambdaHandler(
      middy()
        .use(durable({ client: lambda, redrive: true }))
        .handler(async (_event, context) => {
          const reserved = await context.step("reserve", async () => runs.push("reserve"));
          return context.step(
            "charge",
            async () => {
              runs.push("charge");
              if (broken) throw new Error("charge failed");
              return reserved;
            },
            { retryStrategy: () => ({ shouldRetry: false }) },
          );
        }),
    );
  });
  afterAll(async () => {
    lambda.destroy();
    await runner.close();
  });

  it("continues a failed execution, taking the steps that succeeded", async () => {
    const source = await runner.run({ input: { orderId: "o-1" }, executionName: "order-1" });
    expect(source.status).toBe("FAILED");
    broken = false;
    runs.length = 0;

    // What DurableExecutions.redrive() of @durable-lambda/client starts: the same function and input,
    // named after the source.
    const started = await lambda.send(
      new InvokeCommand({
        FunctionName: "orders",
        InvocationType: "Event",
        DurableExecutionName: "order-1--redrive-1",
        Payload: new TextEncoder().encode(source.execution.InputPayload),
      }),
    );
    await runner.service.waitForCompletion(started.DurableExecutionArn as string);

    expect(runner.inspect(started.DurableExecutionArn as string).status).toBe("SUCCEEDED");
    expect(runs).toEqual(["charge"]);
  });

  it("rejects a redrive option that is not a boolean, listing what it expects", () => {
    expect(() => durable({ redrive: "yes" as never })).toThrow(
      "durable(): Option 'redrive' must be true or false.",
    );
  });
});
