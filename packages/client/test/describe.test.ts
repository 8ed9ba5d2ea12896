import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSetup, startLocal } from "./support/local-service.js";

describe("describe", () => {
  let local: LocalSetup;
  let fail = false;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(async (event: { orderId: string }, context) => {
        const total = await context.step("price", async () => 42);
        if (fail) throw new TypeError(`order ${event.orderId} cannot be shipped`);
        return { orderId: event.orderId, total };
      }, config),
    );
  });
  afterAll(() => local.close());

  it("maps a succeeded execution onto the DescribeExecution fields", async () => {
    fail = false;
    const run = await local.runner.run({ input: { orderId: "o-1" }, executionName: "order-o-1" });

    const description = await local.executions.describe(run.executionArn);

    expect(description).toMatchObject({
      executionArn: run.executionArn,
      name: "order-o-1",
      status: "SUCCEEDED",
      input: '{"orderId":"o-1"}',
      inputDetails: { included: true },
      output: '{"orderId":"o-1","total":42}',
      outputDetails: { included: true },
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason:
        "Execution is SUCCEEDED and cannot be redriven: only FAILED, TIMED_OUT and STOPPED executions can be.",
    });
    expect(description.functionArn).toMatch(/:function:orders:/);
    expect(description.startDate).toBeInstanceOf(Date);
    expect(description.stopDate?.getTime()).toBeGreaterThanOrEqual(description.startDate.getTime());
    expect(description.error).toBeUndefined();
    expect(description.redrivenFrom).toBeUndefined();
    expect(description.redrivenTo).toBeUndefined();
  });

  it("reports the error and cause of a failed execution, which is redrivable", async () => {
    fail = true;
    const run = await local.runner.run({ input: { orderId: "o-2" }, executionName: "order-o-2" });

    const description = await local.executions.describe(run.executionArn);

    expect(description.status).toBe("FAILED");
    expect(description.error).toBe("TypeError");
    expect(description.cause).toBe("order o-2 cannot be shipped");
    expect(description.output).toBeUndefined();
    expect(description.outputDetails).toEqual({ included: false });
    expect(description.redriveStatus).toBe("REDRIVABLE");
    expect(description.redriveStatusReason).toBeUndefined();
  });
});
