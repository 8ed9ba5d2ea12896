import { afterEach, describe, expect, it } from "vitest";
import { OrderServiceHarness, sampleOrder } from "./support/order-service-harness.js";

let harness: OrderServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Runs an approved order (four invocations of the order function, two of shipping) and returns its stdout. */
async function approvedOrderOutput() {
  harness = await new OrderServiceHarness().start();
  const { result } = await harness.runOrder(sampleOrder(), { decision: "approve", approver: "grace" });
  expect(result.status).toBe("SUCCEEDED");
  harness.output.restore();
  return harness.output;
}

describe("the functions' output", () => {
  it("is one JSON object per line", async () => {
    const output = await approvedOrderOutput();

    for (const line of output.lines()) {
      expect(() => JSON.parse(line), line).not.toThrow();
      expect(line.trim().startsWith("{"), line).toBe(true);
    }
  });

  it("logs each event once although the order function replays in four invocations", async () => {
    const records = (await approvedOrderOutput()).records().filter((record) => "level" in record);

    const messages = records.map((record) => `${record.service}: ${record.message}`);
    expect(messages).toEqual([
      "orders: order received",
      "orders: payment held",
      "orders: approval requested",
      "approvals: approval delivered",
      "orders: order approved",
      "shipping: pickup booked",
      "shipping: parcels collected",
      "orders: order fulfilled",
    ]);
  });

  it("writes Powertools records with the Lambda and durable keys", async () => {
    const records = (await approvedOrderOutput()).records().filter((record) => "level" in record);

    for (const record of records) {
      expect(record).toMatchObject({
        level: "INFO",
        timestamp: expect.any(String),
        service: expect.any(String),
      });
      expect(record.function_request_id, JSON.stringify(record)).toEqual(expect.any(String));
    }
    const inStep = records.find((record) => record.message === "approval requested");
    expect(inStep).toMatchObject({
      orderId: "o-100",
      totalCents: 4650,
      attempt: 1,
      callbackId: expect.any(String),
    });
    expect(inStep?.execution_arn).toMatch(
      /^arn:aws:lambda:us-east-1:123456789012:function:orders:\$LATEST\/durable-execution\//,
    );
    expect(inStep).not.toHaveProperty("customerEmail");
    const inChildContext = records.find((record) => record.message === "payment held");
    expect(inChildContext).toMatchObject({ operation_name: "hold payment" });
  });

  it("publishes each metric once, as CloudWatch EMF", async () => {
    const metrics = (await approvedOrderOutput()).records().filter((record) => "_aws" in record);

    expect(metrics.map((record) => Object.keys(record).filter((key) => key.startsWith("Order")))).toEqual([
      ["OrderReceived"],
      ["OrderFulfilled"],
    ]);
    expect(metrics[0]).toMatchObject({ service: "orders", OrderReceived: 1 });
  });
});
