import type { Logger } from "@aws-lambda-powertools/logger";
import { createRetryStrategy, type DurableContext } from "@durable-lambda/core";
import { ServiceUnavailableError } from "../orders/order-errors.js";
import type { Shipment, ShipmentRequest } from "../orders/order-types.js";
import type { Carrier } from "../services/carrier.js";

/** What the shipping workflow talks to. */
export interface ShippingServices {
  carrier: Carrier;
  logger: Logger;
  /** The carrier collects parcels this long after the booking. */
  pickupDelaySeconds: number;
}

/** Timings of the shipping workflow. */
export const ShippingTimings = {
  /** Default of the pickup delay (`PICKUP_DELAY_SECONDS`): 2 hours. */
  pickupDelaySeconds: 7_200,
  /** Units packed in one parcel. */
  unitsPerParcel: 10,
} as const;

const carrierRetryStrategy = createRetryStrategy({
  maxAttempts: 5,
  initialDelay: { seconds: 10 },
  retryableErrorTypes: [ServiceUnavailableError],
});

/**
 * The shipping workflow, a durable function of its own that the order workflow invokes (a chained
 * invoke: the order execution suspends until this one ends and receives its result).
 *
 * @example
 * ```ts
 * const shipment = await context.invoke("ship order", process.env.SHIPPING_FUNCTION, request);
 * ```
 */
export async function shipOrder(
  request: ShipmentRequest,
  context: DurableContext,
  services: ShippingServices,
): Promise<Shipment> {
  const units = request.reservations.reduce((sum, reservation) => sum + reservation.quantity, 0);
  const parcels = Math.max(1, Math.ceil(units / ShippingTimings.unitsPerParcel));
  const booking = await context.step(
    "book carrier",
    async () =>
      services.carrier.book({ orderId: request.orderId, parcels, reservations: request.reservations }),
    { retryStrategy: carrierRetryStrategy },
  );
  services.logger.info("pickup booked", {
    orderId: request.orderId,
    trackingNumber: booking.trackingNumber,
    parcels,
  });
  await context.wait("pickup", { seconds: services.pickupDelaySeconds });
  services.logger.info("parcels collected", {
    orderId: request.orderId,
    trackingNumber: booking.trackingNumber,
  });
  return {
    orderId: request.orderId,
    carrier: booking.carrier,
    trackingNumber: booking.trackingNumber,
    parcels,
  };
}
