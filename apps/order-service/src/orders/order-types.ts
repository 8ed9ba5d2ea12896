/** One line of an order: a quantity of one product. */
export interface OrderLine {
  sku: string;
  quantity: number;
  /** Price of one unit, in cents. */
  unitPriceCents: number;
}

/** The event an order execution starts with (the `Invoke` payload). */
export interface OrderEvent {
  orderId: string;
  customerEmail: string;
  lines: OrderLine[];
}

/** What a manager answers through the approval API. */
export interface ApprovalDecision {
  approved: boolean;
  approver: string;
  /** Why the order was rejected (rejections only). */
  reason?: string;
}

/** The payload of the shipping function: what to ship, where it comes from. */
export interface ShipmentRequest {
  orderId: string;
  reservations: LineReservation[];
}

/** What the shipping function returns. */
export interface Shipment {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  parcels: number;
}

/** A line reserved in the warehouse. */
export interface LineReservation {
  sku: string;
  quantity: number;
  reservationId: string;
}

/** A payment authorised (held) on the customer's card, captured once the order ships. */
export interface PaymentAuthorization {
  authorizationId: string;
  amountCents: number;
}

/** What a fulfilled order execution returns. */
export interface OrderResult {
  orderId: string;
  status: "FULFILLED";
  totalCents: number;
  approvedBy: string;
  paymentId: string;
  reservations: LineReservation[];
  shipment: Shipment;
}
