import type { Operation } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { ServiceApi } from "../src/index.js";
import {
  context,
  continueInvocation,
  DAY_MS,
  expectServiceError,
  newService,
  openInvocation,
  step,
  T0,
} from "./support/harness.js";

const IPVE = "InvalidParameterValueException";
const decode = (text: string) =>
  JSON.parse(Buffer.from(text, "base64").toString("utf8")) as Record<string, unknown>;
const statusOf = (ops: Operation[] | undefined, id: string) => ops?.find((op) => op.Id === id)?.Status;

describe("executions", () => {
  it("issues a real-looking ARN whose last segment is the EXECUTION operation id", () => {
    const service = newService();
    const arn = service.startExecution({ functionName: "orders", input: '{"id":1}', executionName: "run-1" });
    expect(arn).toMatch(
      /^arn:aws:lambda:us-east-1:123456789012:function:orders:\$LATEST\/durable-execution\/run-1\/[0-9a-f-]{36}$/,
    );
    const envelope = service.startInvocation(arn);
    const [execution] = envelope.InitialExecutionState.Operations;
    expect(execution?.Id).toBe(arn.split("/").at(-1));
    expect(execution).toMatchObject({
      Type: "EXECUTION",
      Status: "STARTED",
      ExecutionDetails: { InputPayload: '{"id":1}' },
    });
    expect(envelope.UpdatedOperationIds).toEqual([]);
    expect(envelope.InitialExecutionState.NextMarker).toBeUndefined();
  });

  it("returns the existing execution for the same name and input, and rejects a different input", () => {
    const service = newService();
    const arn = service.startExecution({ functionName: "orders", input: "{}", executionName: "once" });
    expect(service.startExecution({ functionName: "orders", input: "{}", executionName: "once" })).toBe(arn);
    expect(() =>
      service.startExecution({ functionName: "orders", input: "[]", executionName: "once" }),
    ).toThrow(expect.objectContaining({ name: "DurableExecutionAlreadyStartedException" }));
  });

  it("issues opaque base64 JSON checkpoint tokens naming execution, invocation and sequence", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    expect(decode(invocation.envelope.CheckpointToken)).toEqual({
      executionId: invocation.arn.split("/").at(-1),
      invocation: 1,
      seq: 0,
    });
    await invocation.checkpoint([]);
    expect(decode(invocation.token)).toMatchObject({ invocation: 1, seq: 1 });
  });
});

describe("checkpoint tokens", () => {
  it("rejects a token that was already used", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const first = invocation.token;
    await invocation.checkpoint([]);
    await expectServiceError(
      service.checkpointDurableExecution({
        DurableExecutionArn: invocation.arn,
        CheckpointToken: first,
        Updates: [],
      }),
      IPVE,
      "Invalid Checkpoint Token: the token has already been used",
      400,
    );
  });

  it("rejects a token the service never issued and one from another execution", async () => {
    const service = newService();
    const a = openInvocation(service);
    const b = openInvocation(service);
    await expectServiceError(
      service.checkpointDurableExecution({ DurableExecutionArn: a.arn, CheckpointToken: "not-a-token" }),
      IPVE,
      "Invalid Checkpoint Token",
    );
    await expectServiceError(
      service.checkpointDurableExecution({ DurableExecutionArn: a.arn, CheckpointToken: b.token }),
      IPVE,
      "Invalid Checkpoint Token: the token was issued for a different durable execution.",
    );
  });

  it("rejects the token of an invocation that has ended", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await invocation.checkpoint([
      { Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 10 } },
    ]);
    service.completeInvocation(invocation.arn, { Status: "PENDING" });
    await expectServiceError(
      invocation.checkpoint([]),
      IPVE,
      "Invalid Checkpoint Token: the invocation that received",
    );
  });

  it("answers a retried request with the same ClientToken once, without applying it twice", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const token = invocation.token;
    const request = {
      DurableExecutionArn: invocation.arn,
      CheckpointToken: token,
      ClientToken: "c-1",
      Updates: [step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 5 } })],
    };
    const first = await service.checkpointDurableExecution(request);
    const retried = await service.checkpointDurableExecution(request);
    expect(retried).toEqual(first);
    expect(service.getOperations(invocation.arn).find((op) => op.Id === "s")?.StepDetails?.Attempt).toBe(1);
    await expectServiceError(
      service.checkpointDurableExecution({ ...request, ClientToken: "c-2" }),
      IPVE,
      "Invalid Checkpoint Token: the token has already been used",
    );
  });

  it("rejects every checkpoint once the execution has completed", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await invocation.checkpoint([{ Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: '"done"' }]);
    await expectServiceError(invocation.checkpoint([]), IPVE, "Invalid Checkpoint Token: durable execution");
  });
});

describe("unknown executions", () => {
  it("answers the function-side APIs with InvalidParameterValueException (their model has no ResourceNotFound)", async () => {
    const service = newService();
    await expectServiceError(
      service.checkpointDurableExecution({ DurableExecutionArn: "arn:nope", CheckpointToken: "t" }),
      IPVE,
      "CheckpointDurableExecution: no durable execution arn:nope exists",
    );
    await expectServiceError(
      service.getDurableExecutionState({ DurableExecutionArn: "arn:nope", CheckpointToken: "t" }),
      IPVE,
      "GetDurableExecutionState: no durable execution",
    );
  });

  it("answers the management APIs with ResourceNotFoundException (404)", async () => {
    const service = newService();
    await expectServiceError(
      service.getDurableExecution({ DurableExecutionArn: "arn:nope" }),
      "ResourceNotFoundException",
      "Durable execution not found: arn:nope",
      404,
    );
    await expectServiceError(
      service.getDurableExecutionHistory({ DurableExecutionArn: "arn:nope" }),
      "ResourceNotFoundException",
      "Durable execution not found",
    );
    await expectServiceError(
      service.stopDurableExecution({ DurableExecutionArn: "arn:nope" }),
      "ResourceNotFoundException",
      "Durable execution not found",
    );
  });
});

describe("state pages", () => {
  it("splits the envelope's state into pages the engine fetches with GetDurableExecutionState", async () => {
    const service = newService({ initialStatePageSize: 3 });
    const again = openInvocation(service);
    await again.checkpoint(
      Array.from({ length: 6 }, (_, i) => step(`s${i}`, "SUCCEED", { Payload: String(i) })),
    );
    await again.checkpoint([{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 1 } }]);
    service.completeInvocation(again.arn, { Status: "PENDING" });

    const next = continueInvocation(service, again.arn);
    const page1 = next.envelope.InitialExecutionState;
    expect(page1.Operations.map((op) => op.Id)).toEqual([again.arn.split("/").at(-1), "s0", "s1"]);
    const page2 = await service.getDurableExecutionState({
      DurableExecutionArn: again.arn,
      CheckpointToken: next.token,
      Marker: page1.NextMarker,
      MaxItems: 3,
    });
    expect(page2.Operations?.map((op) => op.Id)).toEqual(["s2", "s3", "s4"]);
    const page3 = await service.getDurableExecutionState({
      DurableExecutionArn: again.arn,
      CheckpointToken: next.token,
      Marker: page2.NextMarker,
    });
    expect(page3.Operations?.map((op) => op.Id)).toEqual(["s5", "w"]);
    expect(page3.NextMarker).toBeUndefined();
  });

  it("validates MaxItems, Marker and CheckpointToken", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const base = { DurableExecutionArn: invocation.arn, CheckpointToken: invocation.token };
    await expectServiceError(
      service.getDurableExecutionState({ ...base, MaxItems: 1001 }),
      IPVE,
      "GetDurableExecutionState: MaxItems",
    );
    await expectServiceError(
      service.getDurableExecutionState({ ...base, Marker: "garbage" }),
      IPVE,
      "GetDurableExecutionState: invalid Marker",
    );
    await expectServiceError(
      service.getDurableExecutionState({ DurableExecutionArn: invocation.arn, CheckpointToken: undefined }),
      IPVE,
      "GetDurableExecutionState: CheckpointToken is required",
    );
    const other = openInvocation(service);
    await expectServiceError(
      service.getDurableExecutionState({ ...base, CheckpointToken: other.token }),
      IPVE,
      "Invalid Checkpoint Token",
    );
  });

  it("leaves out children of completed contexts unless ReplayChildren is set", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await invocation.checkpoint([
      context("done", "START"),
      step("done-1", "SUCCEED", { ParentId: "done" }),
      context("done-2", "START", { ParentId: "done" }),
      step("done-2-1", "SUCCEED", { ParentId: "done-2" }),
      context("kept", "START"),
      step("kept-1", "SUCCEED", { ParentId: "kept" }),
      context("open", "START"),
      step("open-1", "SUCCEED", { ParentId: "open" }),
    ]);
    await invocation.checkpoint([
      context("done-2", "SUCCEED", { ParentId: "done", Payload: "1" }),
      context("done", "SUCCEED", { Payload: "1" }),
      context("kept", "SUCCEED", { Payload: "", ContextOptions: { ReplayChildren: true } }),
    ]);
    const state = await service.getDurableExecutionState({
      DurableExecutionArn: invocation.arn,
      CheckpointToken: invocation.token,
    });
    expect(state.Operations?.slice(1).map((op) => op.Id)).toEqual([
      "done",
      "kept",
      "kept-1",
      "open",
      "open-1",
    ]);
    expect(service.getOperations(invocation.arn)).toHaveLength(9);
    expect(state.Operations?.find((op) => op.Id === "kept")?.ContextDetails).toEqual({
      ReplayChildren: true,
      Result: "",
    });
  });
});

describe("steps", () => {
  it("counts attempts and turns a RETRY into PENDING, then READY when its delay has passed", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const retry = await invocation.checkpoint([
      step("s", "START", { Name: "charge" }),
      step("s", "RETRY", {
        Name: "charge",
        Error: { ErrorType: "Error", ErrorMessage: "boom" },
        StepOptions: { NextAttemptDelaySeconds: 30 },
      }),
    ]);
    const pending = retry.NewExecutionState?.Operations?.[0];
    expect(pending).toMatchObject({ Status: "PENDING", Name: "charge", StepDetails: { Attempt: 1 } });
    const retriedAt = service.getHistory(invocation.arn).at(-1)?.EventTimestamp?.getTime() as number;
    expect(pending?.StepDetails?.NextAttemptTimestamp?.getTime()).toBe(retriedAt + 30_000);
    expect(pending?.StepDetails?.NextAttemptTimestamp?.getTime()).toBe(service.nextTimerDue(invocation.arn));
    service.completeInvocation(invocation.arn, { Status: "PENDING" });
    expect(service.isInvocationDue(invocation.arn)).toBe(false);

    service.clock.advanceTo(service.nextTimerDue(invocation.arn) as number);
    expect(service.isInvocationDue(invocation.arn)).toBe(true);
    const second = continueInvocation(service, invocation.arn);
    expect(second.envelope.UpdatedOperationIds).toEqual(["s"]);
    expect(statusOf(second.envelope.InitialExecutionState.Operations, "s")).toBe("READY");
    const done = await second.checkpoint([step("s", "START"), step("s", "SUCCEED", { Payload: '"ok"' })]);
    expect(done.NewExecutionState?.Operations?.[0]?.StepDetails).toEqual({ Attempt: 2, Result: '"ok"' });

    const history = service.getHistory(invocation.arn);
    const failed = history.find((event) => event.EventType === "StepFailed");
    expect(failed?.StepFailedDetails).toEqual({
      Error: { Payload: { ErrorType: "Error", ErrorMessage: "boom" } },
      RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 30 },
    });
    expect(history.findLast((event) => event.EventType === "StepSucceeded")?.StepSucceededDetails).toEqual({
      Result: { Payload: '"ok"' },
      RetryDetails: { CurrentAttempt: 2 },
    });
  });
});

describe("waits and external changes", () => {
  it("completes a wait at its scheduled end and reports it in the next checkpoint response and envelope", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const started = await invocation.checkpoint([
      {
        Id: "w",
        Name: "nap",
        Type: "WAIT",
        SubType: "Wait",
        Action: "START",
        WaitOptions: { WaitSeconds: 86_400 },
      },
    ]);
    const end = started.NewExecutionState?.Operations?.[0]?.WaitDetails?.ScheduledEndTimestamp as Date;
    expect(end.getTime() - T0).toBeGreaterThanOrEqual(DAY_MS);
    expect(service.nextTimerDue()).toBe(end.getTime());

    // The wait fires while the invocation is still running: the next checkpoint reports it.
    service.clock.advanceTo(end);
    const poll = await invocation.checkpoint([]);
    expect(poll.NewExecutionState?.Operations?.map((op) => [op.Id, op.Status])).toEqual([["w", "SUCCEEDED"]]);
    const empty = await invocation.checkpoint([]);
    expect(empty.NewExecutionState?.Operations).toEqual([]);
    service.completeInvocation(invocation.arn, { Status: "SUCCEEDED", Result: "1" });

    const types = service.getHistory(invocation.arn).map((event) => event.EventType);
    expect(types).toEqual([
      "ExecutionStarted",
      "WaitStarted",
      "WaitSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
  });

  it("lists operations changed between invocations in UpdatedOperationIds", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await invocation.checkpoint([
      { Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 5 } },
    ]);
    service.completeInvocation(invocation.arn, { Status: "PENDING" });
    service.clock.advanceBy(5_000);
    const next = continueInvocation(service, invocation.arn);
    expect(next.envelope.UpdatedOperationIds).toEqual(["w"]);
    service.completeInvocation(invocation.arn, { Status: "SUCCEEDED" });
  });
});

describe("callbacks", () => {
  async function startCallback(options: { TimeoutSeconds?: number; HeartbeatTimeoutSeconds?: number } = {}) {
    const service = newService();
    const invocation = openInvocation(service);
    const response = await invocation.checkpoint([
      {
        Id: "cb",
        Name: "approval",
        Type: "CALLBACK",
        SubType: "Callback",
        Action: "START",
        CallbackOptions: options,
      },
    ]);
    const callbackId = response.NewExecutionState?.Operations?.[0]?.CallbackDetails?.CallbackId as string;
    return { service, invocation, callbackId };
  }

  it("issues an opaque base64 JSON callback id naming the execution and operation", async () => {
    const { invocation, callbackId } = await startCallback();
    expect(decode(callbackId)).toMatchObject({
      executionId: invocation.arn.split("/").at(-1),
      operationId: "cb",
    });
  });

  it("completes a callback with a result sent as bytes, once", async () => {
    const { service, invocation, callbackId } = await startCallback();
    await service.sendDurableExecutionCallbackSuccess({
      CallbackId: callbackId,
      Result: new TextEncoder().encode('{"ok":true}'),
    });
    const poll = await invocation.checkpoint([]);
    expect(poll.NewExecutionState?.Operations?.[0]).toMatchObject({
      Status: "SUCCEEDED",
      CallbackDetails: { CallbackId: callbackId, Result: '{"ok":true}' },
    });
    await expectServiceError(
      service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId }),
      "CallbackTimeoutException",
      "The callback ID token has either expired or the callback associated with the token has already been closed",
      400,
    );
  });

  it("fails a callback with an error object", async () => {
    const { service, invocation, callbackId } = await startCallback();
    await service.sendDurableExecutionCallbackFailure({
      CallbackId: callbackId,
      Error: { ErrorType: "Denied", ErrorMessage: "no" },
    });
    const [op] = service.getOperations(invocation.arn).filter((candidate) => candidate.Id === "cb");
    expect(op?.Status).toBe("FAILED");
    expect(op?.CallbackDetails?.Error).toEqual({ ErrorType: "Denied", ErrorMessage: "no" });
    expect(service.getHistory(invocation.arn).at(-1)?.CallbackFailedDetails).toEqual({
      Error: { Payload: { ErrorType: "Denied", ErrorMessage: "no" } },
    });
  });

  it("times a callback out after TimeoutSeconds", async () => {
    const { service, invocation, callbackId } = await startCallback({ TimeoutSeconds: 300 });
    service.clock.advanceBy(299_000);
    expect(service.fireDueTimers()).toBe(0);
    service.clock.advanceBy(1_000);
    expect(service.fireDueTimers()).toBe(1);
    const op = service.getOperations(invocation.arn).find((candidate) => candidate.Id === "cb");
    expect(op?.Status).toBe("TIMED_OUT");
    expect(op?.CallbackDetails?.Error).toEqual({ ErrorMessage: "Callback timed out" });
    await expectServiceError(
      service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId }),
      "CallbackTimeoutException",
      "The callback ID token has either expired",
    );
  });

  it("keeps a callback alive while heartbeats arrive within HeartbeatTimeoutSeconds", async () => {
    const { service, invocation, callbackId } = await startCallback({
      TimeoutSeconds: 3600,
      HeartbeatTimeoutSeconds: 60,
    });
    for (let beat = 0; beat < 5; beat += 1) {
      service.clock.advanceBy(50_000);
      await service.sendDurableExecutionCallbackHeartbeat({ CallbackId: callbackId });
    }
    expect(service.getOperations(invocation.arn).find((op) => op.Id === "cb")?.Status).toBe("STARTED");
    service.clock.advanceBy(60_000);
    service.fireDueTimers();
    const op = service.getOperations(invocation.arn).find((candidate) => candidate.Id === "cb");
    expect(op?.Status).toBe("TIMED_OUT");
    expect(op?.CallbackDetails?.Error).toEqual({ ErrorMessage: "Callback timed out on heartbeat" });
  });

  it("rejects callback ids it did not issue", async () => {
    const service = newService();
    await expectServiceError(
      service.sendDurableExecutionCallbackSuccess({ CallbackId: "%%%" }),
      IPVE,
      "SendDurableExecutionCallbackSuccess: invalid CallbackId",
    );
    const forged = Buffer.from(JSON.stringify({ executionId: "x", operationId: "y", token: "z" })).toString(
      "base64",
    );
    await expectServiceError(
      service.sendDurableExecutionCallbackHeartbeat({ CallbackId: forged }),
      "ResourceNotFoundException",
      "SendDurableExecutionCallbackHeartbeat: callback",
      404,
    );
  });
});

describe("ending invocations", () => {
  it("records the invocation and the execution outcome", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const result = service.completeInvocation(invocation.arn, { Status: "SUCCEEDED", Result: '"done"' });
    expect(result.status).toBe("SUCCEEDED");
    const execution = await service.getDurableExecution({ DurableExecutionArn: invocation.arn });
    expect(execution).toMatchObject({
      Status: "SUCCEEDED",
      Result: '"done"',
      InputPayload: "{}",
      ExecutionDataIncluded: true,
    });
    const history = service.getHistory(invocation.arn);
    expect(history.map((event) => event.EventType)).toEqual([
      "ExecutionStarted",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(history[1]?.InvocationCompletedDetails?.RequestId).toEqual(expect.any(String));
  });

  it("fails an execution that returns PENDING with nothing pending", () => {
    const service = newService();
    const invocation = openInvocation(service);
    expect(service.completeInvocation(invocation.arn, { Status: "PENDING" }).status).toBe("FAILED");
    expect(service.describeExecution(invocation.arn).Error).toEqual({
      ErrorType: "InvalidParameterValueException",
      ErrorMessage: "Cannot return PENDING status with no pending operations.",
    });
  });

  it("keeps the execution running after a Lambda error, and fails it when told retries are exhausted", () => {
    const service = newService();
    const invocation = openInvocation(service);
    const error = { ErrorType: "TypeError", ErrorMessage: "x is undefined" };
    expect(service.completeInvocation(invocation.arn, { lambdaError: error }).status).toBe("RUNNING");
    continueInvocation(service, invocation.arn);
    expect(
      service.completeInvocation(invocation.arn, { lambdaError: error, failExecution: true }).status,
    ).toBe("FAILED");
    expect(service.describeExecution(invocation.arn).Error).toEqual(error);
    const completed = service
      .getHistory(invocation.arn)
      .filter((event) => event.EventType === "InvocationCompleted");
    expect(completed.map((event) => event.InvocationCompletedDetails?.Error)).toEqual([
      { Payload: error },
      { Payload: error },
    ]);
  });

  it("uses the checkpointed result of the large-result path (EXECUTION SUCCEED with any Id)", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const big = JSON.stringify("x".repeat(1000));
    const response = await invocation.checkpoint([
      { Id: "synthetic-id", Type: "EXECUTION", Action: "SUCCEED", Payload: big },
    ]);
    expect(response.NewExecutionState?.Operations?.[0]).toMatchObject({
      Id: invocation.arn.split("/").at(-1),
      Status: "SUCCEEDED",
    });
    service.completeInvocation(invocation.arn, { Status: "SUCCEEDED", Result: "" });
    expect(service.describeExecution(invocation.arn)).toMatchObject({ Status: "SUCCEEDED", Result: big });
    const types = service.getHistory(invocation.arn).map((event) => event.EventType);
    expect(types.filter((type) => type === "ExecutionSucceeded")).toHaveLength(1);
    expect(service.getOperations(invocation.arn).map((op) => op.Id)).not.toContain("synthetic-id");
  });

  it("uses the checkpointed error when an EXECUTION FAIL was checkpointed", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await invocation.checkpoint([
      { Id: "e", Type: "EXECUTION", Action: "FAIL", Error: { ErrorType: "Big", ErrorMessage: "huge" } },
    ]);
    service.completeInvocation(invocation.arn, { Status: "FAILED" });
    expect(service.describeExecution(invocation.arn)).toMatchObject({
      Status: "FAILED",
      Error: { ErrorType: "Big", ErrorMessage: "huge" },
    });
  });

  it("times out an execution after its ExecutionTimeout", () => {
    const service = newService();
    const arn = service.startExecution({ functionName: "orders", executionTimeoutSeconds: 60 });
    service.clock.advanceBy(60_000);
    expect(service.executionStatus(arn)).toBe("TIMED_OUT");
    expect(service.getHistory(arn).at(-1)?.EventType).toBe("ExecutionTimedOut");
  });
});

describe("chained invokes", () => {
  it("fails an invoke of an unknown function at once, in the START's own response", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const response = await invocation.checkpoint([
      {
        Id: "i",
        Type: "CHAINED_INVOKE",
        Action: "START",
        Payload: "{}",
        ChainedInvokeOptions: { FunctionName: "missing" },
      },
    ]);
    const op = response.NewExecutionState?.Operations?.[0];
    expect(op?.Status).toBe("FAILED");
    expect(op?.ChainedInvokeDetails?.Error?.ErrorType).toBe("ResourceNotFoundException");
    expect(op?.ChainedInvokeDetails?.Error?.ErrorMessage).toMatch(
      /^Function not found: arn:aws:lambda:.*:function:missing/,
    );
  });

  it("calls a registered plain function and reports its result as an external change", async () => {
    const service = newService();
    service.registerFunction("adder", {
      durable: false,
      invoke: async ({ payload }) => String(JSON.parse(payload ?? "0") + 1),
    });
    const invocation = openInvocation(service);
    await invocation.checkpoint([
      {
        Id: "i",
        Type: "CHAINED_INVOKE",
        Action: "START",
        Payload: "41",
        ChainedInvokeOptions: { FunctionName: "adder:live" },
      },
    ]);
    await service.settleChainedInvokes(invocation.arn);
    const poll = await invocation.checkpoint([]);
    expect(poll.NewExecutionState?.Operations?.[0]).toMatchObject({
      Status: "SUCCEEDED",
      ChainedInvokeDetails: { Result: "42" },
    });
  });
});

describe("stopping", () => {
  it("stops a running execution and rejects its later checkpoints", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const response = await service.stopDurableExecution({
      DurableExecutionArn: invocation.arn,
      Error: { ErrorType: "Cancelled", ErrorMessage: "by operator" },
    });
    expect(response.StopTimestamp).toBeInstanceOf(Date);
    expect(service.describeExecution(invocation.arn)).toMatchObject({
      Status: "STOPPED",
      Error: { ErrorType: "Cancelled" },
    });
    expect(service.getHistory(invocation.arn).at(-1)?.EventType).toBe("ExecutionStopped");
    await expectServiceError(invocation.checkpoint([]), IPVE, "Invalid Checkpoint Token");
    await expectServiceError(
      service.stopDurableExecution({ DurableExecutionArn: invocation.arn }),
      IPVE,
      "Cannot stop durable execution",
    );
  });
});

describe("history", () => {
  async function executionWithEvents() {
    const service = newService();
    const invocation = openInvocation(service, '{"secret":1}');
    await invocation.checkpoint([
      step("a", "START", { Name: "a" }),
      step("a", "SUCCEED", { Name: "a", Payload: '"A"' }),
    ]);
    await invocation.checkpoint([
      context("c", "START", { Name: "child" }),
      step("b", "SUCCEED", { ParentId: "c", Payload: '"B"' }),
    ]);
    await invocation.checkpoint([context("c", "SUCCEED", { Name: "child", Payload: '"C"' })]);
    service.completeInvocation(invocation.arn, { Status: "SUCCEEDED", Result: '"R"' });
    return { service, arn: invocation.arn };
  }

  it("numbers events from 1 and copies the operation's id, name, parent and subtype", async () => {
    const { service, arn } = await executionWithEvents();
    const { Events } = await service.getDurableExecutionHistory({ DurableExecutionArn: arn });
    expect(Events?.map((event) => event.EventId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Events?.map((event) => event.EventType)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "ContextStarted",
      "StepSucceeded",
      "ContextSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(Events?.[4]).toMatchObject({ Id: "b", ParentId: "c", SubType: "Step" });
    expect(Events?.[5]).toMatchObject({ Id: "c", Name: "child", SubType: "RunInChildContext" });
  });

  it("pages, reverses, and leaves out data on request", async () => {
    const { service, arn } = await executionWithEvents();
    const first = await service.getDurableExecutionHistory({ DurableExecutionArn: arn, MaxItems: 5 });
    const second = await service.getDurableExecutionHistory({
      DurableExecutionArn: arn,
      MaxItems: 5,
      Marker: first.NextMarker,
    });
    expect([...(first.Events ?? []), ...(second.Events ?? [])].map((event) => event.EventId)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(second.NextMarker).toBeUndefined();
    const reversed = await service.getDurableExecutionHistory({
      DurableExecutionArn: arn,
      ReverseOrder: true,
      MaxItems: 2,
    });
    expect(reversed.Events?.map((event) => event.EventType)).toEqual([
      "ExecutionSucceeded",
      "InvocationCompleted",
    ]);
    const lean = await service.getDurableExecutionHistory({
      DurableExecutionArn: arn,
      IncludeExecutionData: false,
    });
    expect(lean.Events?.[0]?.ExecutionStartedDetails?.Input).toEqual({});
    expect(lean.Events?.[2]?.StepSucceededDetails?.Result).toEqual({});
    expect(JSON.stringify(lean.Events)).not.toContain("secret");
    const execution = await service.getDurableExecution({
      DurableExecutionArn: arn,
      IncludeExecutionData: false,
    });
    expect(execution.InputPayload).toBeUndefined();
    expect(execution.Result).toBeUndefined();
    expect(execution.ExecutionDataIncluded).toBe(false);
  });
});

describe("observation", () => {
  it("records every API call with its request and response, and notifies checkpoint listeners", async () => {
    const service = newService();
    const seen: unknown[] = [];
    service.onCheckpoint((record) => seen.push(record.params));
    const invocation = openInvocation(service);
    await invocation.checkpoint([step("s", "SUCCEED", { Payload: "1" })]);
    await expectServiceError(
      invocation.checkpoint([step("s", "SUCCEED")]),
      IPVE,
      "Invalid current STEP state to close.",
    );
    expect(service.requests.map((record) => [record.api, record.error?.name])).toEqual([
      [ServiceApi.checkpoint, undefined],
      [ServiceApi.checkpoint, IPVE],
    ]);
    expect(seen).toHaveLength(2);
    expect(service.requests[0]?.response).toMatchObject({ NewExecutionState: { Operations: [{ Id: "s" }] } });
  });
});
