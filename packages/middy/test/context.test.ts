import { hashOperationId } from "@durable-lambda/core/internal";
import {
  type DurableContext,
  type DurableRequestFacts,
  durable,
  isDurableContext,
} from "@durable-lambda/middy";
import { LocalDurableRunner } from "@durable-lambda/testing";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { asLambdaHandler } from "./support/workflows.js";

interface ContextSnapshot {
  isDurableContext: boolean;
  awsRequestId: string;
  lambdaRequestId: string;
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  remainingMs: number;
  lambdaContextWaits: boolean;
  hasStep: boolean;
}

/** A transport for invocations that checkpoint nothing. */
const unusedTransport = {
  checkpoint: async () => ({ NewExecutionState: { Operations: [] } }),
  getExecutionState: async () => ({ Operations: [] }),
};

describe("the handler's context", () => {
  it("is a durable context and a complete, live Lambda context", async () => {
    const snapshots: ContextSnapshot[] = [];
    const lambdaContexts: Context[] = [];
    const handler = middy<unknown, string, Error, DurableContext>()
      .use(durable())
      .handler(async (_event, context) => {
        lambdaContexts.push(context.lambdaContext);
        context.callbackWaitsForEmptyEventLoop = false;
        snapshots.push({
          isDurableContext: isDurableContext(context),
          awsRequestId: context.awsRequestId,
          lambdaRequestId: context.lambdaContext.awsRequestId,
          functionName: context.functionName,
          invokedFunctionArn: context.invokedFunctionArn,
          memoryLimitInMB: context.memoryLimitInMB,
          logGroupName: context.logGroupName,
          remainingMs: context.getRemainingTimeInMillis(),
          lambdaContextWaits: context.lambdaContext.callbackWaitsForEmptyEventLoop,
          hasStep: typeof context.step === "function",
        });
        await context.wait({ minutes: 1 });
        return context.step("work", async () => "done");
      });
    const runner = new LocalDurableRunner({
      handler,
      functionName: "orders",
      memoryLimitInMB: 512,
      lambdaTimeoutMs: 60_000,
    });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(snapshots).toHaveLength(2);
    snapshots.forEach((snapshot, index) => {
      const requestId = result.invocations[index]?.requestId;
      expect(snapshot).toMatchObject({
        isDurableContext: true,
        awsRequestId: requestId,
        lambdaRequestId: requestId,
        functionName: "orders",
        memoryLimitInMB: "512",
        logGroupName: "/aws/lambda/orders",
        lambdaContextWaits: false,
        hasStep: true,
      });
      expect(snapshot.invokedFunctionArn).toMatch(/:function:orders/);
      expect(snapshot.remainingMs).toBeGreaterThan(0);
      expect(snapshot.remainingMs).toBeLessThanOrEqual(60_000);
    });
    expect(lambdaContexts[0]).not.toBe(lambdaContexts[1]);
  });

  it("reads the remaining time from the Lambda context at each call", async () => {
    let remaining = 5_000;
    const lambdaContext = {
      awsRequestId: "r-1",
      getRemainingTimeInMillis: () => remaining,
    } as unknown as Context;
    const readings: number[] = [];
    const handler = middy<unknown, void, Error, DurableContext>()
      .use(durable({ durableExecutionClient: unusedTransport }))
      .handler(async (_event, context) => {
        readings.push(context.getRemainingTimeInMillis());
        remaining = 1_234;
        readings.push(context.getRemainingTimeInMillis());
      });

    await handler(
      {
        DurableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/f/1",
        CheckpointToken: "token",
        InitialExecutionState: { Operations: [] },
      },
      lambdaContext as DurableContext,
    );

    expect(readings).toEqual([5_000, 1_234]);
  });
});

describe("request.internal.durable", () => {
  it("publishes the execution ARN, first invocation or replay, and what changed, on every invocation", async () => {
    const facts: DurableRequestFacts[] = [];
    const handler = middy()
      .use(durable())
      .before((request) => {
        const published = (request.internal as { durable?: DurableRequestFacts }).durable;
        if (published !== undefined) facts.push(published);
      })
      .handler(async (_event, context: DurableContext) => {
        await context.wait("pause", { minutes: 1 });
        return "done";
      });
    const runner = new LocalDurableRunner({ handler: asLambdaHandler(handler) });

    const result = await runner.run();

    expect(facts).toHaveLength(2);
    expect(facts[0]).toMatchObject({
      executionArn: result.executionArn,
      isFirstInvocation: true,
      isReplay: false,
      updatedOperationIds: [],
    });
    expect(facts[1]).toMatchObject({
      executionArn: result.executionArn,
      isFirstInvocation: false,
      isReplay: true,
      updatedOperationIds: [hashOperationId("1")],
    });
    const started = result.execution.StartTimestamp;
    expect(facts[0]?.executionStartTime?.getTime()).toBe(new Date(started as Date).getTime());
    expect(facts[1]?.executionStartTime?.getTime()).toBe(facts[0]?.executionStartTime?.getTime());
    expect(Object.isFrozen(facts[0])).toBe(true);
  });
});
