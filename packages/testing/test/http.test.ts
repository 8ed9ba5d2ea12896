import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import {
  CallbackTimeoutException,
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionStateCommand,
  InvalidParameterValueException,
  type LambdaClient,
  ResourceNotFoundException,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  ServiceException,
  StopDurableExecutionCommand,
  TooManyRequestsException,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LocalDurableHandler,
  LocalDurableRunner,
  type LocalDurableServer,
  LocalDurableService,
  startLocalDurableServer,
  VirtualClock,
} from "../src/index.js";
import { clientFor, httpRunner } from "./support/http.js";

describe("http transport: workflows through the official SDK and the real Lambda client", () => {
  it("runs steps, a retried step, a child context and a one-day wait", async () => {
    let flakyCalls = 0;
    const { runner } = await httpRunner(async (event: { n: number }, ctx) => {
      const doubled = await ctx.step("double", async () => event.n * 2);
      const flaky = await ctx.step(
        "flaky",
        async () => {
          flakyCalls += 1;
          if (flakyCalls === 1) throw new Error("once");
          return 1;
        },
        { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 5 } }) },
      );
      await ctx.wait("sleep", { days: 1 });
      const child = await ctx.runInChildContext("child", async (c) => c.step("inner", async () => 100));
      return doubled + flaky + child;
    });
    try {
      const result = await runner.run({ input: { n: 21 } });
      expect(result.status).toBe("SUCCEEDED");
      expect(result.result).toBe(143);
      expect(result.invocations).toHaveLength(3);
      expect(result.getOperation("flaky")?.StepDetails?.Attempt).toBe(2);
      expect(runner.service.requests.every((record) => record.error === undefined)).toBe(true);
    } finally {
      await runner.close();
    }
  });

  it("completes a callback sent with SendDurableExecutionCallbackSuccessCommand", async () => {
    const { runner, client } = await httpRunner(async (_event, ctx) => {
      const [answer] = await ctx.createCallback("approval", { heartbeatTimeout: { minutes: 10 } });
      return answer;
    });
    try {
      const approval = runner.waitForOperation("approval");
      const running = runner.run();
      const handle = await approval;
      const callbackId = await handle.getCallbackId();
      await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
      await client.send(
        new SendDurableExecutionCallbackSuccessCommand({
          CallbackId: callbackId,
          Result: new TextEncoder().encode('{"ok":1}'),
        }),
      );
      const result = await running;
      expect(result.status).toBe("SUCCEEDED");
      expect(result.result).toBe('{"ok":1}');
      await expect(
        client.send(
          new SendDurableExecutionCallbackFailureCommand({
            CallbackId: callbackId,
            Error: { ErrorMessage: "late" },
          }),
        ),
      ).rejects.toBeInstanceOf(CallbackTimeoutException);
    } finally {
      await runner.close();
    }
  });

  it("runs a nested durable chained invoke over HTTP", async () => {
    let childHandler: LocalDurableHandler = () => {
      throw new Error("not ready");
    };
    const { runner, client } = await httpRunner(async (_event, ctx) =>
      ctx.invoke("call", "child-fn", { v: 2 }),
    );
    childHandler = withDurableExecution(
      async (event: { v: number }, ctx) => {
        await ctx.wait({ minutes: 1 });
        return event.v + 1;
      },
      { client },
    );
    runner.registerFunction("child-fn", (event, context) => childHandler(event, context), { durable: true });
    try {
      const result = await runner.run();
      expect(result.result).toBe(3);
    } finally {
      await runner.close();
    }
  });
});

describe("http server: management APIs through @aws-sdk/client-lambda", () => {
  let service: LocalDurableService;
  let server: LocalDurableServer;
  let client: LambdaClient;
  let finishedArn: string;

  beforeAll(async () => {
    service = new LocalDurableService({ clock: new VirtualClock() });
    server = await startLocalDurableServer({ service });
    client = clientFor(server.endpoint);
    const handler = withDurableExecution(
      async (_event: unknown, ctx) => {
        for (let i = 0; i < 3; i += 1) await ctx.step(`s${i}`, async () => i);
        return "finished";
      },
      { client },
    );
    const result = await new LocalDurableRunner({ handler, service, transport: "http" }).run({
      input: { secret: "s3cr3t" },
    });
    finishedArn = result.executionArn;
  });

  afterAll(async () => {
    await server.close();
  });

  it("GetDurableExecutionCommand returns the execution with dates parsed from epoch seconds", async () => {
    const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: finishedArn }));
    expect(execution).toMatchObject({
      DurableExecutionArn: finishedArn,
      Status: "SUCCEEDED",
      Result: '"finished"',
      InputPayload: '{"secret":"s3cr3t"}',
      Version: "$LATEST",
    });
    expect(execution.StartTimestamp).toBeInstanceOf(Date);
    expect((execution.EndTimestamp as Date).getTime()).toBeGreaterThanOrEqual(
      (execution.StartTimestamp as Date).getTime(),
    );
    const lean = await client.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: finishedArn, IncludeExecutionData: false }),
    );
    expect(lean.InputPayload).toBeUndefined();
    expect(lean.ExecutionDataIncluded).toBe(false);
  });

  it("GetDurableExecutionHistoryCommand pages, reverses and hides data", async () => {
    const events = [];
    let marker: string | undefined;
    do {
      const page = await client.send(
        new GetDurableExecutionHistoryCommand({
          DurableExecutionArn: finishedArn,
          MaxItems: 3,
          Marker: marker,
        }),
      );
      events.push(...(page.Events ?? []));
      marker = page.NextMarker;
    } while (marker !== undefined);
    expect(events.map((event) => event.EventType)).toEqual(
      service.getHistory(finishedArn).map((event) => event.EventType),
    );
    expect(events[0]?.EventTimestamp).toBeInstanceOf(Date);
    const reversed = await client.send(
      new GetDurableExecutionHistoryCommand({
        DurableExecutionArn: finishedArn,
        ReverseOrder: true,
        MaxItems: 1,
      }),
    );
    expect(reversed.Events?.[0]?.EventType).toBe("ExecutionSucceeded");
    const lean = await client.send(
      new GetDurableExecutionHistoryCommand({
        DurableExecutionArn: finishedArn,
        IncludeExecutionData: false,
      }),
    );
    expect(JSON.stringify(lean.Events)).not.toContain("s3cr3t");
  });

  it("GetDurableExecutionStateCommand and CheckpointDurableExecutionCommand work with the real client", async () => {
    const arn = service.startExecution({ functionName: "direct" });
    const envelope = service.startInvocation(arn);
    const checkpoint = await client.send(
      new CheckpointDurableExecutionCommand({
        DurableExecutionArn: arn,
        CheckpointToken: envelope.CheckpointToken,
        Updates: [{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 60 } }],
      }),
    );
    const wait = checkpoint.NewExecutionState?.Operations?.[0];
    expect(wait?.WaitDetails?.ScheduledEndTimestamp).toBeInstanceOf(Date);
    expect(service.requests.at(-1)?.params).toMatchObject({ ClientToken: expect.any(String) });
    const state = await client.send(
      new GetDurableExecutionStateCommand({
        DurableExecutionArn: arn,
        CheckpointToken: envelope.CheckpointToken,
        MaxItems: 1,
      }),
    );
    expect(state.Operations).toHaveLength(1);
    expect(state.Operations?.[0]?.StartTimestamp).toBeInstanceOf(Date);
    const rest = await client.send(
      new GetDurableExecutionStateCommand({
        DurableExecutionArn: arn,
        CheckpointToken: envelope.CheckpointToken,
        Marker: state.NextMarker,
      }),
    );
    expect(rest.Operations?.map((op) => op.Id)).toEqual(["w"]);
    service.completeInvocation(arn, { Status: "PENDING" });
  });

  it("StopDurableExecutionCommand stops a running execution", async () => {
    const arn = service.startExecution({ functionName: "stoppable" });
    const response = await client.send(
      new StopDurableExecutionCommand({
        DurableExecutionArn: arn,
        Error: { ErrorType: "Abort", ErrorMessage: "operator" },
      }),
    );
    expect(response.StopTimestamp).toBeInstanceOf(Date);
    const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect(execution.Status).toBe("STOPPED");
    expect(execution.Error).toEqual({ ErrorType: "Abort", ErrorMessage: "operator" });
    await expect(
      client.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
  });
});

describe("http server: errors as the AWS SDK sees them", () => {
  let service: LocalDurableService;
  let server: LocalDurableServer;
  let client: LambdaClient;

  beforeAll(async () => {
    service = new LocalDurableService();
    server = await startLocalDurableServer({ service });
    client = clientFor(server.endpoint);
  });

  afterAll(async () => {
    await server.close();
  });

  it("surfaces an unknown ARN as ResourceNotFoundException with status 404", async () => {
    const error = await client
      .send(
        new GetDurableExecutionCommand({
          DurableExecutionArn: "arn:aws:lambda:us-east-1:1:function:f:$LATEST/durable-execution/n/i",
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    const typed = error as ResourceNotFoundException;
    expect(typed.name).toBe("ResourceNotFoundException");
    expect(typed.$metadata.httpStatusCode).toBe(404);
    expect(typed.$fault).toBe("client");
    expect(typed.message).toMatch(/^Durable execution not found: arn:aws:lambda/);
    expect(typed.$metadata.requestId).toEqual(expect.any(String));
  });

  it("surfaces a stale checkpoint token as InvalidParameterValueException 'Invalid Checkpoint Token…'", async () => {
    const arn = service.startExecution({ functionName: "tokens" });
    const envelope = service.startInvocation(arn);
    const send = () =>
      client.send(
        new CheckpointDurableExecutionCommand({
          DurableExecutionArn: arn,
          CheckpointToken: envelope.CheckpointToken,
        }),
      );
    await send();
    const error = (await send().catch((caught: unknown) => caught)) as InvalidParameterValueException;
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message.startsWith("Invalid Checkpoint Token")).toBe(true);
    expect(error.Type).toBe("User");
  });

  it("surfaces injected throttling and server faults with their classes and status codes", async () => {
    const arn = service.startExecution({ functionName: "faults" });
    service.injectFault({ api: "getExecution", error: "throttle" });
    service.injectFault({ api: "getHistory", error: "server" });
    const throttled = (await client
      .send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))
      .catch((caught: unknown) => caught)) as TooManyRequestsException;
    expect(throttled).toBeInstanceOf(TooManyRequestsException);
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(throttled.Reason).toBe("CallerRateLimitExceeded");
    const failed = (await client
      .send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))
      .catch((caught: unknown) => caught)) as ServiceException;
    expect(failed).toBeInstanceOf(ServiceException);
    expect(failed.$fault).toBe("server");
    expect(failed.$metadata.httpStatusCode).toBe(500);
  });

  it("drops the connection for an injected network fault", async () => {
    const arn = service.startExecution({ functionName: "network" });
    service.injectFault({ api: "getExecution", error: "network" });
    const error = (await client
      .send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))
      .catch((caught: unknown) => caught)) as Error & { $metadata?: { httpStatusCode?: number } };
    expect(error).toBeInstanceOf(Error);
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    const ok = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect(ok.Status).toBe("RUNNING");
  });

  it("answers a malformed body with 400 InvalidParameterValueException and an unknown path with 404", async () => {
    const arn = service.startExecution({ functionName: "raw" });
    const bad = await fetch(
      `${server.endpoint}/2025-12-01/durable-executions/${encodeURIComponent(arn)}/checkpoint`,
      {
        method: "POST",
        body: "{not json",
        headers: { "content-type": "application/json" },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("InvalidParameterValueException");
    expect(await bad.json()).toMatchObject({
      Type: "User",
      message: expect.stringMatching(/could not parse the request body/),
    });

    const unknown = await fetch(`${server.endpoint}/2025-12-01/functions/x/aliases`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");

    const missing = await fetch(
      `${server.endpoint}/2025-12-01/durable-executions/${encodeURIComponent("arn:nope")}`,
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      Type: "User",
      Message: expect.stringMatching(/^Durable execution not found/),
    });
  });

  it("rejects bad query parameters", async () => {
    const arn = service.startExecution({ functionName: "query" });
    const response = await fetch(
      `${server.endpoint}/2025-12-01/durable-executions/${encodeURIComponent(arn)}/history?MaxItems=lots`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: expect.stringMatching(/MaxItems must be an integer/),
    });
  });
});
