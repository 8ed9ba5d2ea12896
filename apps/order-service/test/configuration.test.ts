import { afterEach, describe, expect, it } from "vitest";
import { OrderServiceConfigurationError } from "../src/config/configuration-error.js";
import { createOrderHandler, OrderSettingVariables } from "../src/orders/order-handler.js";
import { createShippingHandler, PICKUP_DELAY_VARIABLE } from "../src/shipping/shipping-handler.js";
import { OrderServiceHarness, sampleOrder } from "./support/order-service-harness.js";

const VARIABLES = [
  OrderSettingVariables.shippingFunction,
  OrderSettingVariables.cancellationWindowSeconds,
  PICKUP_DELAY_VARIABLE,
];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
let harness: OrderServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("the order function's configuration", () => {
  it("requires SHIPPING_FUNCTION, saying what it must hold", () => {
    delete process.env.SHIPPING_FUNCTION;

    expect(() => createOrderHandler()).toThrow(
      new OrderServiceConfigurationError(
        "SHIPPING_FUNCTION is not set",
        "set it to the qualified ARN (alias ARN) of the shipping function (template.yaml does)",
      ),
    );
  });

  it("rejects a cancellation window that is not a whole number of seconds", () => {
    process.env.CANCELLATION_WINDOW_SECONDS = "soon";

    expect(() => createOrderHandler({ shippingFunction: "shipping" })).toThrow(
      'CANCELLATION_WINDOW_SECONDS is "soon": set it to a whole number of seconds from 1 to 31622400, or unset it for 1800.',
    );
  });

  it("rejects an unknown option, naming the known ones", () => {
    expect(() => createOrderHandler({ shipingFunction: "shipping" } as never)).toThrow(
      'createOrderHandler: unknown option(s) "shipingFunction": use only "lambdaClient", "services", "shippingFunction".',
    );
    expect(() => createShippingHandler({ carier: {} } as never)).toThrow(
      'createShippingHandler: unknown option(s) "carier": use only "lambdaClient", "carrier".',
    );
  });

  it("shortens the cancellation window and the pickup delay from the environment", async () => {
    process.env.CANCELLATION_WINDOW_SECONDS = "5";
    process.env.PICKUP_DELAY_SECONDS = "7";
    harness = await new OrderServiceHarness().start();

    const { result } = await harness.runOrder(sampleOrder(), { decision: "approve", approver: "grace" });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.getEvents("WaitStarted").map((event) => event.WaitStartedDetails?.Duration)).toEqual([5]);
    const shippingArns: string[] = [];
    for await (const execution of harness.executions.list("shipping"))
      shippingArns.push(execution.executionArn);
    expect(shippingArns).toHaveLength(1);
    const shippingRun = harness.runner.inspect(shippingArns[0] ?? "");
    expect(shippingRun.getEvents("WaitStarted").map((event) => event.WaitStartedDetails?.Duration)).toEqual([
      7,
    ]);
  });
});
