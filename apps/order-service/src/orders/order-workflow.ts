import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { CallbackExternalError, CallbackTimeoutError, type DurableContext } from "@durable-lambda/core";
import type { ApprovalNotifier } from "../services/approval-notifier.js";
import type { PaymentGateway } from "../services/payment-gateway.js";
import type { Warehouse } from "../services/warehouse.js";
import { parseApprovalResult, parseRejection } from "./approval-decision.js";
import { ApprovalTimedOutError, LinesUnavailableError, OrderRejectedError } from "./order-errors.js";
import { OrderRetryStrategies } from "./order-retry-strategies.js";
import type {
  LineReservation,
  OrderResult,
  PaymentAuthorization,
  Shipment,
  ShipmentRequest,
} from "./order-types.js";
import { validateOrder } from "./validate-order.js";

/** Timings of the order workflow. */
export const OrderTimings = {
  /** How long a manager has to answer before the order is cancelled. */
  approvalTimeoutHours: 24,
  /** Default of the cancellation window (`CANCELLATION_WINDOW_SECONDS`): 30 minutes. */
  cancellationWindowSeconds: 1_800,
  /** Lines reserved at the same time (the warehouse API's rate limit). */
  reservationConcurrency: 2,
} as const;

/** What the workflow talks to; each has a stand-in in `src/services`. */
export interface OrderServices {
  warehouse: Warehouse;
  payments: PaymentGateway;
  approvals: ApprovalNotifier;
  logger: Logger;
  metrics: Metrics;
  /** Name or qualified ARN of the shipping durable function (its alias ARN on AWS). */
  shippingFunction: string;
  /** The customer may still cancel for this long after approval; no compute is billed meanwhile. */
  cancellationWindowSeconds: number;
}

async function holdPayment(
  context: DurableContext,
  orderId: string,
  totalCents: number,
  services: OrderServices,
) {
  // A child context groups the payment calls: one CONTEXT operation in the history, its steps inside.
  return context.runInChildContext("hold payment", async (payment) => {
    const authorization = await payment.step(
      "authorize card",
      async () => services.payments.authorize({ orderId, amountCents: totalCents, idempotencyKey: orderId }),
      { retryStrategy: OrderRetryStrategies.payment },
    );
    services.logger.info("payment held", { authorizationId: authorization.authorizationId, totalCents });
    return authorization;
  });
}

async function awaitApproval(
  context: DurableContext,
  order: { orderId: string; customerEmail: string; totalCents: number },
  authorization: PaymentAuthorization,
  services: OrderServices,
): Promise<string> {
  try {
    const raw = await context.waitForCallback(
      "manager approval",
      async (callbackId) => services.approvals.requestApproval({ ...order, callbackId }),
      {
        timeout: { hours: OrderTimings.approvalTimeoutHours },
        retryStrategy: OrderRetryStrategies.notification,
      },
    );
    const decision = parseApprovalResult(raw);
    if (!decision.approved) throw new OrderRejectedError(order.orderId, decision.approver, decision.reason);
    return decision.approver;
  } catch (error) {
    const rejection = rejectionOf(error, order.orderId);
    if (rejection === undefined) throw error;
    await context.step("release payment", async () => services.payments.void(authorization.authorizationId), {
      retryStrategy: OrderRetryStrategies.payment,
    });
    services.metrics.addMetric("OrderCancelled", MetricUnit.Count, 1);
    services.logger.warn("order cancelled", { reason: rejection.name });
    throw rejection;
  }
}

/** The error that ends an order that was not approved, or undefined for any other error. */
function rejectionOf(error: unknown, orderId: string): Error | undefined {
  if (error instanceof OrderRejectedError) return error;
  if (error instanceof CallbackTimeoutError) {
    return new ApprovalTimedOutError(orderId, OrderTimings.approvalTimeoutHours, { cause: error });
  }
  if (error instanceof CallbackExternalError) {
    const decision = parseRejection(error);
    return new OrderRejectedError(orderId, decision.approver, decision.reason, { cause: error });
  }
  return undefined;
}

async function reserveLines(
  context: DurableContext,
  order: ReturnType<typeof validateOrder>,
  services: OrderServices,
) {
  const reservations = await context.map(
    "reserve lines",
    order.lines,
    async (line, orderLine) =>
      line.step(
        `reserve ${orderLine.sku}`,
        async () => services.warehouse.reserve(order.orderId, orderLine),
        {
          retryStrategy: OrderRetryStrategies.reservation,
        },
      ),
    {
      maxConcurrency: OrderTimings.reservationConcurrency,
      itemNamer: (orderLine) => orderLine.sku,
      // Try every line even when one fails, so the error names every missing SKU at once and a
      // redrive has only the failed lines left to run.
      completionConfig: { toleratedFailurePercentage: 100 },
    },
  );
  const failures = reservations.failed().map((item) => ({
    sku: order.lines[item.index]?.sku ?? `line ${item.index}`,
    message: item.error?.cause?.message ?? item.error?.message ?? "unknown error",
  }));
  if (failures.length > 0) throw new LinesUnavailableError(order.orderId, failures);
  return reservations.getResults() as LineReservation[];
}

/**
 * The order workflow: validate, hold the payment, wait for a manager's approval, reserve every
 * line, give the customer a cancellation window, capture the payment and hand the order to the
 * shipping workflow. Every step is checkpointed: a retry, a wait or the approval suspends the
 * function and a later invocation replays the finished work from the checkpoints.
 *
 * @example
 * ```ts
 * const handler = middy().use(durable()).handler((event, context) => fulfilOrder(event, context, services));
 * ```
 */
export async function fulfilOrder(
  event: unknown,
  context: DurableContext,
  services: OrderServices,
): Promise<OrderResult> {
  const order = validateOrder(event);
  const totalCents = order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  services.logger.appendKeys({ orderId: order.orderId });
  services.logger.info("order received", { lines: order.lines.length, totalCents });
  services.metrics.addMetric("OrderReceived", MetricUnit.Count, 1);

  const authorization = await holdPayment(context, order.orderId, totalCents, services);
  const approver = await awaitApproval(
    context,
    { orderId: order.orderId, customerEmail: order.customerEmail, totalCents },
    authorization,
    services,
  );
  services.logger.info("order approved", { approver });

  const reservations = await reserveLines(context, order, services);
  await context.wait("cancellation window", { seconds: services.cancellationWindowSeconds });

  const paymentId = await context.step(
    "capture payment",
    async () => services.payments.capture(authorization.authorizationId),
    { retryStrategy: OrderRetryStrategies.payment },
  );
  const shipment = await context.invoke<ShipmentRequest, Shipment>("ship order", services.shippingFunction, {
    orderId: order.orderId,
    reservations,
  });
  services.logger.info("order fulfilled", { paymentId, trackingNumber: shipment.trackingNumber });
  services.metrics.addMetric("OrderFulfilled", MetricUnit.Count, 1);
  return {
    orderId: order.orderId,
    status: "FULFILLED",
    totalCents,
    approvedBy: approver,
    paymentId,
    reservations,
    shipment,
  };
}
