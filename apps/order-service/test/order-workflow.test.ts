import { afterEach, describe, expect, it } from "vitest";
import type { LocalDecision } from "../src/local/local-order-service.js";
import { ServiceUnavailableError } from "../src/orders/order-errors.js";
import type { OrderEvent, OrderResult } from "../src/orders/order-types.js";
import { createStandInPaymentGateway, type PaymentGateway } from "../src/services/payment-gateway.js";
import { createStandInWarehouse } from "../src/services/warehouse.js";
import { OrderServiceHarness, sampleOrder } from "./support/order-service-harness.js";

let harness: OrderServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Runs an order on the local service over HTTP; a decision is sent through the approval function. */
async function runOrder(
  decision: LocalDecision | undefined,
  options: { harness?: OrderServiceHarness; order?: OrderEvent } = {},
) {
  harness = options.harness ?? (await new OrderServiceHarness().start());
  return harness.runOrder(options.order ?? sampleOrder(), decision);
}

describe("an approved order", () => {
  it("succeeds with the shipment the chained shipping execution returned", async () => {
    const { result, response } = await runOrder({ decision: "approve", approver: "grace" });

    expect(response).toMatchObject({ statusCode: 200 });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({
      orderId: "o-100",
      status: "FULFILLED",
      totalCents: 4650,
      approvedBy: "grace",
      paymentId: "pay-o-100",
      reservations: [
        { sku: "LAMP-01", quantity: 3, reservationId: "rsv-o-100-LAMP-01" },
        { sku: "MUG-02", quantity: 1, reservationId: "rsv-o-100-MUG-02" },
      ],
      shipment: { orderId: "o-100", carrier: "ACME Freight", trackingNumber: "TRK-O-100", parcels: 1 },
    } satisfies OrderResult);
  });

  it("runs every durable operation of the workflow once", async () => {
    const { result } = await runOrder({ decision: "approve", approver: "grace" });

    const summary = result.operations.map((operation) => [
      operation.Name,
      operation.SubType,
      operation.Status,
    ]);
    expect(summary).toEqual([
      ["hold payment", "RunInChildContext", "SUCCEEDED"],
      ["authorize card", "Step", "SUCCEEDED"],
      ["manager approval", "WaitForCallback", "SUCCEEDED"],
      [undefined, "Callback", "SUCCEEDED"],
      [undefined, "Step", "SUCCEEDED"], // the submitter that sends the approval request
      ["reserve lines", "Map", "SUCCEEDED"],
      ["LAMP-01", "MapIteration", "SUCCEEDED"],
      ["MUG-02", "MapIteration", "SUCCEEDED"],
      ["reserve LAMP-01", "Step", "SUCCEEDED"],
      ["reserve MUG-02", "Step", "SUCCEEDED"],
      ["cancellation window", "Wait", "SUCCEEDED"],
      ["capture payment", "Step", "SUCCEEDED"],
      ["ship order", "ChainedInvoke", "SUCCEEDED"],
    ]);
    // The children of the child context and of the map are grouped under them.
    const holdPayment = result.getOperation("hold payment");
    expect(result.getChildOperations(holdPayment ?? "").map((operation) => operation.Name)).toEqual([
      "authorize card",
    ]);
    // The chained invoke carries the shipping execution's result.
    expect(
      JSON.parse(result.getOperation("ship order")?.ChainedInvokeDetails?.Result ?? "null"),
    ).toMatchObject({
      trackingNumber: "TRK-O-100",
    });
    expect(result.eventTypes()).toEqual(
      expect.arrayContaining([
        "CallbackSucceeded",
        "WaitSucceeded",
        "ChainedInvokeSucceeded",
        "ExecutionSucceeded",
      ]),
    );
  });

  it("suspends at the approval, the cancellation window and the shipping invoke", async () => {
    const { result } = await runOrder({ decision: "approve", approver: "grace" });

    expect(result.invocations.map((invocation) => invocation.output?.Status)).toEqual([
      "PENDING", // waiting for the manager
      "PENDING", // the 30-minute cancellation window (skipped on the virtual clock)
      "PENDING", // the shipping execution runs (and waits two hours for the pickup)
      "SUCCEEDED",
    ]);
  });
});

describe("a rejected order", () => {
  it("fails with OrderRejectedError naming the approver and the reason, after releasing the payment", async () => {
    const { result, response } = await runOrder({
      decision: "reject",
      approver: "grace",
      reason: "over budget",
    });

    expect(response).toMatchObject({ statusCode: 200 });
    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("OrderRejectedError");
    expect(result.error?.ErrorMessage).toBe(
      "Order o-100 was rejected by grace: over budget. The payment hold was released; the customer must place a new order.",
    );
    expect(result.getOperation("release payment")?.Status).toBe("SUCCEEDED");
    expect(result.eventTypes()).toContain("CallbackFailed");
    expect(result.getOperation("reserve lines")).toBeUndefined();
    expect(result.getOperation("ship order")).toBeUndefined();
  });
});

describe("an approval nobody answers", () => {
  it("times out after 24 hours and fails with ApprovalTimedOutError, after releasing the payment", async () => {
    const { result } = await runOrder(undefined);

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("ApprovalTimedOutError");
    expect(result.error?.ErrorMessage).toContain("was not approved within 24 hours");
    expect(result.eventTypes()).toContain("CallbackTimedOut");
    const callback = result.getOperations({ type: "CALLBACK" })[0];
    expect(callback?.Status).toBe("TIMED_OUT");
    // The virtual clock adds real elapsed time to the skipped time, so allow a minute of it.
    const waitedMs = (callback?.EndTimestamp?.getTime() ?? 0) - (callback?.StartTimestamp?.getTime() ?? 0);
    expect(waitedMs).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(waitedMs).toBeLessThan(24 * 3_600_000 + 60_000);
    expect(result.getOperation("release payment")?.Status).toBe("SUCCEEDED");
  });
});

describe("a payment gateway outage", () => {
  it("is retried by the step's retry strategy, and the order succeeds", async () => {
    const standIn = createStandInPaymentGateway();
    let calls = 0;
    const flaky: PaymentGateway = {
      ...standIn,
      async authorize(request) {
        calls += 1;
        if (calls === 1) throw new ServiceUnavailableError("payment gateway", "timed out after 3 s");
        return standIn.authorize(request);
      },
    };
    const started = await new OrderServiceHarness({ services: { payments: flaky } }).start();

    const { result } = await runOrder({ decision: "approve", approver: "grace" }, { harness: started });

    expect(result.status).toBe("SUCCEEDED");
    expect(calls).toBe(2);
    expect(result.getOperation("authorize card")?.StepDetails?.Attempt).toBe(2);
    expect(result.getEvents("StepFailed").map((event) => event.Name)).toEqual(["authorize card"]);
  });
});

describe("an order line out of stock", () => {
  it("fails with LinesUnavailableError after three attempts, with the other line reserved once", async () => {
    const reserved: string[] = [];
    const standIn = createStandInWarehouse({ unavailableSkus: () => ["MUG-02"] });
    const warehouse = {
      async reserve(orderId: string, line: OrderEvent["lines"][number]) {
        reserved.push(line.sku);
        return standIn.reserve(orderId, line);
      },
    };
    const started = await new OrderServiceHarness({ services: { warehouse } }).start();

    const { result } = await runOrder({ decision: "approve", approver: "grace" }, { harness: started });

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("LinesUnavailableError");
    expect(result.error?.ErrorMessage).toContain("MUG-02: 1 × MUG-02 cannot be reserved");
    expect(reserved.filter((sku) => sku === "LAMP-01")).toHaveLength(1);
    expect(reserved.filter((sku) => sku === "MUG-02")).toHaveLength(3);
    expect(result.getOperation("LAMP-01")?.Status).toBe("SUCCEEDED");
    expect(result.getOperation("MUG-02")?.Status).toBe("FAILED");
    expect(result.getOperation("ship order")).toBeUndefined();
  });
});

describe("an invalid order", () => {
  it("fails at once with InvalidOrderError listing every problem", async () => {
    const order = {
      orderId: "o-9",
      customerEmail: "nobody",
      lines: [{ sku: "", quantity: 0, unitPriceCents: 1.5 }],
    };

    const { result } = await runOrder(undefined, { order: order as OrderEvent });

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("InvalidOrderError");
    expect(result.error?.ErrorMessage).toBe(
      "Order o-9 was not started: customerEmail must be an e-mail address; lines[0].sku must be a non-empty string; " +
        "lines[0].quantity must be a whole number from 1 to 1000; lines[0].unitPriceCents must be a whole number of " +
        "cents, 0 or more. Fix the order event and start a new execution.",
    );
    expect(result.operations).toEqual([]);
    expect(result.invocations).toHaveLength(1);
  });
});
