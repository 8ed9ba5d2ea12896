import { InvokeCommand } from "@aws-sdk/client-lambda";
import { ExecutionAlreadyStartedError } from "@durable-lambda/client";
import { afterEach, describe, expect, it } from "vitest";
import type { OrderEvent } from "../src/orders/order-types.js";
import type { ApprovalNotifier } from "../src/services/approval-notifier.js";
import { createStandInPaymentGateway, type PaymentGateway } from "../src/services/payment-gateway.js";
import { createStandInWarehouse, type Warehouse } from "../src/services/warehouse.js";
import {
  approvalRequestEvent,
  localLambdaContext,
  OrderServiceHarness,
  sampleOrder,
} from "./support/order-service-harness.js";

let harness: OrderServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Answers the next approval the order function asks for, through the approval function. */
async function approveNext(started: OrderServiceHarness, index = 0) {
  const handle = await started.runner.waitForOperation("manager approval", { index });
  const body = JSON.stringify({
    callbackId: await handle.getCallbackId(),
    decision: "approve",
    approver: "grace",
  });
  return started.approvalHandler()(approvalRequestEvent(body), localLambdaContext("approvals"));
}

describe("an order started by name with Invoke", () => {
  it("runs to the end and answers with the durable execution's ARN and result", async () => {
    harness = await new OrderServiceHarness().start();
    const payload = JSON.stringify(sampleOrder("o-300"));

    const invoked = harness.client.send(
      new InvokeCommand({ FunctionName: "orders", DurableExecutionName: "o-300", Payload: payload }),
    );
    const approval = await approveNext(harness);
    const response = await invoked;

    expect(approval.statusCode).toBe(200);
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(response.Payload))).toMatchObject({
      orderId: "o-300",
      status: "FULFILLED",
      shipment: { trackingNumber: "TRK-O-300" },
    });
    expect(response.DurableExecutionArn).toMatch(/:function:orders:\$LATEST\/durable-execution\/o-300\//);
  });

  it("is started once: the same name and order return the same execution, another order is refused", async () => {
    harness = await new OrderServiceHarness().start();
    const executions = harness.executions;
    const order = sampleOrder("o-301");

    const first = await executions.start("orders", order, { name: "o-301" });
    const again = await executions.start("orders", order, { name: "o-301" });
    const other = executions.start("orders", sampleOrder("o-302"), { name: "o-301" });

    expect(again).toBe(first);
    await expect(other).rejects.toBeInstanceOf(ExecutionAlreadyStartedError);
    await approveNext(harness);
    expect((await harness.waitForEnd(first)).status).toBe("SUCCEEDED");
  });
});

describe("an order whose line failed, fixed and redriven", () => {
  it("succeeds without re-running the approval, the payment hold or the lines that were reserved", async () => {
    const unavailable = new Set(["MUG-02"]);
    const reservations: string[] = [];
    const standIn = createStandInWarehouse({ unavailableSkus: () => [...unavailable] });
    const warehouse: Warehouse = {
      async reserve(orderId, line) {
        reservations.push(line.sku);
        return standIn.reserve(orderId, line);
      },
    };
    let approvalRequests = 0;
    const approvals: ApprovalNotifier = {
      async requestApproval() {
        approvalRequests += 1;
      },
    };
    const gateway = createStandInPaymentGateway();
    let authorizations = 0;
    const payments: PaymentGateway = {
      ...gateway,
      async authorize(request) {
        authorizations += 1;
        return gateway.authorize(request);
      },
    };
    harness = await new OrderServiceHarness({ services: { warehouse, approvals, payments } }).start();
    const executions = harness.executions;
    const order: OrderEvent = sampleOrder("o-400");

    const sourceArn = await executions.start("orders", order, { name: "o-400" });
    await approveNext(harness);
    const failed = await harness.waitForEnd(sourceArn);
    expect(failed.status).toBe("FAILED");
    expect(failed.error?.ErrorType).toBe("LinesUnavailableError");
    expect((await executions.describe(sourceArn)).redriveStatus).toBe("REDRIVABLE");

    unavailable.clear(); // restocked
    const { executionArn } = await executions.redrive(sourceArn);
    const redriven = await harness.waitForEnd(executionArn);

    expect(redriven.status).toBe("SUCCEEDED");
    expect(redriven.result).toMatchObject({ orderId: "o-400", approvedBy: "grace", status: "FULFILLED" });
    // LAMP-01 was reserved once, by the source; MUG-02 failed three times, then succeeded once.
    expect(reservations).toEqual(["LAMP-01", "MUG-02", "MUG-02", "MUG-02", "MUG-02"]);
    expect(approvalRequests).toBe(1);
    expect(authorizations).toBe(1);
    const description = await executions.describe(executionArn);
    expect(description).toMatchObject({ redriveCount: 1, redrivenFrom: sourceArn, status: "SUCCEEDED" });
  });
});
