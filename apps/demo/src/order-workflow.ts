import { createRetryStrategy, type DurableContext, withDurableExecution } from "@durable-lambda/core";

/** One line of an order. */
export interface OrderItem {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** The event the workflow is started with. */
export interface OrderEvent {
  orderId: string;
  items: OrderItem[];
}

/** What the workflow returns once the order is fulfilled. */
export interface OrderResult {
  orderId: string;
  status: "FULFILLED";
  total: number;
  reservationId: string;
  paymentId: string;
  paymentAttempts: number;
  trackingNumber: string;
  carrier: string;
}

/**
 * The payment gateway is flaky: its first call times out. The step retries it after 5 s (no
 * jitter, so the delay is deterministic); the second attempt succeeds.
 */
export const paymentRetryStrategy = createRetryStrategy({
  maxAttempts: 3,
  initialDelay: { seconds: 5 },
  jitter: "NONE",
});

async function fulfilOrder(event: OrderEvent, context: DurableContext): Promise<OrderResult> {
  context.logger.info("order received", { orderId: event.orderId, lines: event.items.length });

  const order = await context.step("validate order", async () => {
    if (event.items.length === 0) throw new Error(`order ${event.orderId} has no items`);
    for (const item of event.items) {
      if (item.quantity <= 0) throw new Error(`bad quantity for ${item.sku}`);
    }
    const total = event.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
    return { orderId: event.orderId, total: Math.round(total * 100) / 100 };
  });

  const reservation = await context.step("reserve inventory", async () => ({
    reservationId: `rsv-${order.orderId}`,
    skus: event.items.map((item) => item.sku),
  }));
  context.logger.info("inventory reserved", { reservationId: reservation.reservationId });

  // The customer may cancel for an hour. The function suspends here: no compute is billed, and
  // the local service's virtual clock skips the hour.
  await context.wait("cool-off", { hours: 1 });

  const payment = await context.step(
    "charge payment",
    async ({ attempt }) => {
      if (attempt === 1) throw new Error("payment gateway timed out");
      return { paymentId: `pay-${order.orderId}`, amount: order.total, attempt };
    },
    { retryStrategy: paymentRetryStrategy },
  );
  context.logger.info("payment captured", { paymentId: payment.paymentId, attempt: payment.attempt });

  const shipment = await context.runInChildContext("ship", async (ship) => {
    const label = await ship.step("create label", async () => ({
      carrier: "ACME Freight",
      trackingNumber: `TRK-${order.orderId.toUpperCase()}`,
    }));
    await ship.step("notify customer", async () => ({
      notified: true,
      trackingNumber: label.trackingNumber,
    }));
    return label;
  });
  context.logger.info("order shipped", { trackingNumber: shipment.trackingNumber });

  return {
    orderId: order.orderId,
    status: "FULFILLED",
    total: order.total,
    reservationId: reservation.reservationId,
    paymentId: payment.paymentId,
    paymentAttempts: payment.attempt,
    trackingNumber: shipment.trackingNumber,
    carrier: shipment.carrier,
  };
}

/**
 * The Lambda handler: deploy it with durable execution enabled, or run it on `LocalDurableRunner`.
 * It accepts redrives: a failed or stopped order can be continued from where it stopped.
 */
export const handler = withDurableExecution<OrderEvent, OrderResult>(fulfilOrder, { redrive: true });
