import type { LineReservation } from "../orders/order-types.js";

/** A booked parcel pickup. */
export interface CarrierBooking {
  carrier: string;
  trackingNumber: string;
}

/** Books parcel pickups. Replace the stand-in with your carrier's API. */
export interface Carrier {
  book(request: {
    orderId: string;
    parcels: number;
    reservations: readonly LineReservation[];
  }): Promise<CarrierBooking>;
}

/**
 * A carrier that books every pickup: tracking number `TRK-<ORDERID>`.
 *
 * @example
 * ```ts
 * const booking = await createStandInCarrier().book({ orderId: "o-1", parcels: 1, reservations: [] });
 * ```
 */
export function createStandInCarrier(): Carrier {
  return {
    async book({ orderId }) {
      return { carrier: "ACME Freight", trackingNumber: `TRK-${orderId.toUpperCase()}` };
    },
  };
}
