import type { PaymentAuthorization } from "../orders/order-types.js";

/** Holds, captures and releases card payments. Replace the stand-in with your payment provider. */
export interface PaymentGateway {
  /** Holds `amountCents` on the customer's card; the idempotency key makes a retried call safe. */
  authorize(request: {
    orderId: string;
    amountCents: number;
    idempotencyKey: string;
  }): Promise<PaymentAuthorization>;
  /** Takes the held amount; returns the payment id. */
  capture(authorizationId: string): Promise<string>;
  /** Releases the hold (the order was rejected or cancelled). */
  void(authorizationId: string): Promise<void>;
}

/**
 * A payment gateway that accepts everything: authorisation `auth-<orderId>`, payment `pay-<orderId>`.
 *
 * @example
 * ```ts
 * const payments = createStandInPaymentGateway();
 * const hold = await payments.authorize({ orderId: "o-1", amountCents: 1800, idempotencyKey: "o-1" });
 * ```
 */
export function createStandInPaymentGateway(): PaymentGateway {
  return {
    async authorize({ orderId, amountCents }) {
      return { authorizationId: `auth-${orderId}`, amountCents };
    },
    async capture(authorizationId) {
      return authorizationId.replace(/^auth-/, "pay-");
    },
    async void() {},
  };
}
