import * as official from "@aws/durable-execution-sdk-js";
import { LambdaClient } from "@aws-sdk/client-lambda";
import * as ours from "@durable-lambda/core";
import { hashOperationId } from "@durable-lambda/core/internal";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkpointRequests } from "../support/harness.js";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
type ApiClient = ours.DurableExecutionClient;

let runner: LocalDurableRunner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
  delete process.env.DURABLE_VERBOSE_MODE;
  ours.refreshLogConfig();
  official.refreshLogConfig();
  vi.restoreAllMocks();
});

/** A local service over HTTP, and one API client of each package on a real `LambdaClient` pointed at it. */
async function startService() {
  runner = new LocalDurableRunner({ handler: async () => ({ Status: "PENDING" }), transport: "http" });
  const endpoint = (await runner.start()) as string;
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  const clients: Record<"official" | "ours", ApiClient> = {
    official: new official.DurableExecutionApiClient(lambda as never) as unknown as ApiClient,
    ours: new ours.DurableExecutionApiClient(lambda),
  };
  const service = runner.service;
  const arn = service.startExecution({ functionName: "orders", input: '{"id":1}' });
  const envelope = service.startInvocation(arn);
  return { clients, service, arn, token: envelope.CheckpointToken };
}

function withoutMetadata(response: object): object {
  const { $metadata: _metadata, ...rest } = response as { $metadata?: unknown };
  return rest;
}

/** An operation as the service returns it, without what differs between two calls (ids, times). */
function stableOperations(response: ours.CheckpointDurableExecutionResponse) {
  return (response.NewExecutionState?.Operations ?? []).map(({ Id, StartTimestamp, ...rest }) => ({
    ...rest,
    hasId: typeof Id === "string",
    hasStart: StartTimestamp !== undefined,
  }));
}

describe("DurableExecutionApiClient answers as the official one over HTTP with the AWS SDK's LambdaClient", () => {
  it("reads the same execution state", async () => {
    const { clients, arn, token } = await startService();
    const request = { DurableExecutionArn: arn, CheckpointToken: token, MaxItems: 1000 };

    const fromOfficial = await clients.official.getExecutionState(request);
    const fromOurs = await clients.ours.getExecutionState(request);

    expect(fromOurs).toEqual(withoutMetadata(fromOfficial));
    expect(fromOurs.Operations?.[0]).toMatchObject({ Type: "EXECUTION", Status: "STARTED" });
  });

  it("without a client, finds the service through AWS_ENDPOINT_URL_LAMBDA and reads the same state", async () => {
    const { arn, token } = await startService();
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: runner?.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    });
    try {
      const request = { DurableExecutionArn: arn, CheckpointToken: token };

      const fromOfficial = await new official.DurableExecutionApiClient().getExecutionState(request);
      const fromOurs = await new ours.DurableExecutionApiClient().getExecutionState(request);

      expect(fromOurs).toEqual(withoutMetadata(fromOfficial));
      expect(fromOurs.Operations).toHaveLength(1);
    } finally {
      for (const name of [
        "AWS_ENDPOINT_URL_LAMBDA",
        "AWS_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
      ]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it("checkpoints the same way: a new token and the updated operations", async () => {
    const { clients, arn, token } = await startService();
    const startStep = (id: string) => ({
      Id: hashOperationId(id),
      Type: ours.OperationType.STEP,
      SubType: ours.OperationSubType.STEP,
      Action: ours.OperationAction.START,
      Name: "charge",
    });

    const fromOfficial = await clients.official.checkpoint({
      DurableExecutionArn: arn,
      CheckpointToken: token,
      Updates: [startStep("1")],
    });
    const fromOurs = await clients.ours.checkpoint({
      DurableExecutionArn: arn,
      CheckpointToken: fromOfficial.CheckpointToken,
      Updates: [startStep("2")],
    });

    expect(typeof fromOurs.CheckpointToken).toBe("string");
    expect(fromOurs.CheckpointToken).not.toBe(fromOfficial.CheckpointToken);
    expect(stableOperations(fromOurs)).toEqual(stableOperations(fromOfficial));
    expect(stableOperations(fromOurs)).toContainEqual(
      expect.objectContaining({ Name: "charge", Type: "STEP", Status: "STARTED" }),
    );
  });

  it("rethrows the same error and reports it to the logger with the same message and request id", async () => {
    const { clients, arn } = await startService();
    const failures: Record<string, { error: unknown; logged: unknown[][] }> = {};
    for (const [name, client] of Object.entries(clients)) {
      const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn(), log: vi.fn() };
      const error = await client
        .checkpoint(
          { DurableExecutionArn: arn, CheckpointToken: "stale-token", Updates: [] },
          logger as never,
        )
        .catch((caught: unknown) => caught);
      failures[name] = { error, logged: logger.error.mock.calls };
    }

    const summary = ({ error, logged }: { error: unknown; logged: unknown[][] }) => {
      const { name, message, $metadata } = error as {
        name: string;
        message: string;
        $metadata: { httpStatusCode: number };
      };
      return {
        name,
        message,
        status: $metadata.httpStatusCode,
        logged: logged.map(([message, loggedError, extra]) => [
          message,
          loggedError === error,
          (extra as { requestId?: string }).requestId ===
            (error as { $metadata: { requestId?: string } }).$metadata.requestId,
        ]),
      };
    };
    const ourSummary = summary(failures.ours as never);

    expect(ourSummary).toEqual(summary(failures.official as never));
    expect(ourSummary).toMatchObject({
      status: 400,
      logged: [["Failed to checkpoint durable execution", true, true]],
    });
  });

  it("writes a failed call to console.debug only once verbose mode is turned on and refreshLogConfig() called", async () => {
    const { clients, arn } = await startService();
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const fail = async (client: ApiClient) =>
      client.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: "stale-token" }).catch(() => {});
    const debugCallsOf = async (client: ApiClient) => {
      debug.mockClear();
      await fail(client);
      return debug.mock.calls.length;
    };

    process.env.DURABLE_VERBOSE_MODE = "true";
    const beforeRefresh = {
      official: await debugCallsOf(clients.official),
      ours: await debugCallsOf(clients.ours),
    };
    official.refreshLogConfig();
    ours.refreshLogConfig();
    const afterRefresh = {
      official: await debugCallsOf(clients.official),
      ours: await debugCallsOf(clients.ours),
    };

    expect(beforeRefresh).toEqual({ official: 0, ours: 0 });
    expect(afterRefresh).toEqual({ official: 1, ours: 1 });
    expect(String(debug.mock.calls[0]?.[0])).toContain("GetDurableExecutionState failed");
  });
});

describe("an execution runs the same on both engines with DurableExecutionApiClient as its transport", () => {
  async function run(engine: "official" | "ours") {
    runner = new LocalDurableRunner({
      handler: async (event, context) => handler.current(event, context),
      transport: "http",
    });
    const endpoint = (await runner.start()) as string;
    const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    const sdk = engine === "official" ? (official as unknown as typeof ours) : ours;
    const handler = {
      current: sdk.withDurableExecution(
        async (event: { id: string }, context) => {
          const a = await context.step("a", async () => `${event.id}-a`);
          await context.wait({ seconds: 30 });
          const b = await context.runInChildContext("b", async (child) => child.step("b1", async () => "b"));
          return [a, b];
        },
        { durableExecutionClient: new sdk.DurableExecutionApiClient(lambda) },
      ) as (event: unknown, context: unknown) => Promise<never>,
    };
    const result = await runner.run({ input: { id: "x" } });
    const updates = checkpointRequests(runner.service).flat();
    await runner.close();
    runner = undefined;
    return { status: result.status, result: result.result, invocations: result.invocations.length, updates };
  }

  it("same result, invocations and checkpointed updates", async () => {
    const fromOfficial = await run("official");
    const fromOurs = await run("ours");

    expect(fromOurs).toEqual(fromOfficial);
    expect(fromOurs).toMatchObject({ status: "SUCCEEDED", result: ["x-a", "b"], invocations: 2 });
  });
});
