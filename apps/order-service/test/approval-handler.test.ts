import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApprovalHandler } from "../src/approval/approval-handler.js";
import { type CapturedOutput, captureOutput } from "./support/captured-output.js";
import {
  approvalRequestEvent,
  localLambdaContext,
  OrderServiceHarness,
  sampleOrder,
} from "./support/order-service-harness.js";

let harnesses: OrderServiceHarness[] = [];
let output: CapturedOutput | undefined;
beforeEach(() => {
  output = captureOutput();
});
afterEach(async () => {
  for (const harness of harnesses) await harness.close();
  harnesses = [];
  output?.restore();
});

/** The approval function's log records at a level (a harness captures the output while it runs). */
function records(level: string) {
  return [output, ...harnesses.map((harness) => harness.output)]
    .flatMap((captured) => captured?.records() ?? [])
    .filter((record) => record.service === "approvals" && record.level === level);
}

async function startHarness() {
  const harness = await new OrderServiceHarness().start();
  harnesses.push(harness);
  return harness;
}

/** Calls the approval function as API Gateway does and returns the status and parsed body. */
async function post(
  body: string | undefined,
  harness?: OrderServiceHarness,
  options: { base64?: boolean } = {},
) {
  const handler = harness ? harness.approvalHandler() : createApprovalHandler();
  const response = await handler(approvalRequestEvent(body, options), localLambdaContext("approvals"));
  return {
    statusCode: response.statusCode,
    body: JSON.parse(response.body ?? "null") as Record<string, unknown>,
  };
}

/** Starts an order and returns the callback id of its approval. */
async function pendingApproval(harness: OrderServiceHarness) {
  const approval = harness.runner.waitForOperation("manager approval");
  const running = harness.runner.run({ input: sampleOrder() });
  return { callbackId: await (await approval).getCallbackId(), running };
}

describe("a request the approval API cannot read", () => {
  it.each([
    [undefined, ["the request has no body"]],
    ["{not json", [expect.stringMatching(/^the body is not valid JSON \(/)]],
    ["[1, 2]", ["the body must be a JSON object"]],
  ])("answers 400 for body %j", async (body, problems) => {
    const response = await post(body);

    expect(response).toEqual({ statusCode: 400, body: { message: "Invalid approval request", problems } });
    expect(records("WARN")).toMatchObject([{ message: "approval request rejected", problems }]);
  });
});

describe("an approval request with bad fields", () => {
  it("answers 400 listing every problem at once", async () => {
    const response = await post(JSON.stringify({ callbackId: "", decision: "maybe", approvr: "grace" }));

    expect(response.statusCode).toBe(400);
    expect(response.body.problems).toEqual([
      'unknown field "approvr" (known fields: callbackId, decision, approver, reason)',
      "callbackId must be a non-empty string",
      "approver must be a non-empty string",
      'decision must be "approve" or "reject", got "maybe"',
    ]);
  });

  it("requires a reason to reject", async () => {
    const response = await post(JSON.stringify({ callbackId: "c-1", decision: "reject", approver: "grace" }));

    expect(response.body.problems).toEqual(["reason must be a non-empty string"]);
  });

  it("rejects an approver name over 256 characters", async () => {
    const response = await post(
      JSON.stringify({ callbackId: "c-1", decision: "approve", approver: "g".repeat(257) }),
    );

    expect(response.body.problems).toEqual(["approver must be at most 256 characters, got 257"]);
  });
});

describe("a valid approval request", () => {
  it("reads a base64-encoded body", async () => {
    const harness = await startHarness();
    const { callbackId, running } = await pendingApproval(harness);

    const body = JSON.stringify({ callbackId, decision: "approve", approver: "grace" });
    const response = await post(body, harness, { base64: true });

    expect(response).toEqual({
      statusCode: 200,
      body: { message: "Order approved", callbackId, decision: "approve" },
    });
    expect((await running).status).toBe("SUCCEEDED");
  });

  it("answers 409 when the approval was already answered", async () => {
    const harness = await startHarness();
    const { callbackId, running } = await pendingApproval(harness);
    const body = JSON.stringify({
      callbackId,
      decision: "reject",
      approver: "grace",
      reason: "duplicate order",
    });
    await post(body, harness);
    await running;

    const again = await post(body, harness);

    expect(again.statusCode).toBe(409);
    expect(again.body).toMatchObject({
      message: "This approval is closed: it was already answered, it timed out, or its order ended.",
      error: "CallbackTimeoutException",
    });
    expect(records("ERROR")).toEqual([]);
    expect(records("WARN").at(-1)).toMatchObject({ message: "approval not delivered", statusCode: 409 });
  });

  it("answers 404 when no execution of this service issued the callback id", async () => {
    const issuer = await startHarness();
    const other = await startHarness();
    const { callbackId } = await pendingApproval(issuer);

    const response = await post(
      JSON.stringify({ callbackId, decision: "approve", approver: "grace" }),
      other,
    );

    expect(response.statusCode).toBe(404);
    expect(response.body).toMatchObject({ error: "ExecutionNotFoundError" });
  });

  it("answers 400 for a callback id the service never issued", async () => {
    const harness = await startHarness();

    const response = await post(
      JSON.stringify({ callbackId: "made-up", decision: "approve", approver: "grace" }),
      harness,
    );

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ error: "InvalidParameterValueException" });
  });
});

describe("createApprovalHandler options", () => {
  it("rejects an unknown option, naming the known ones", () => {
    expect(() => createApprovalHandler({ client: {} } as never)).toThrow(
      'createApprovalHandler: unknown option(s) "client": use only "lambdaClient".',
    );
  });
});
