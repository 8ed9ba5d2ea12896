import { OutOfStockError } from "../orders/order-errors.js";
import type { LineReservation, OrderLine } from "../orders/order-types.js";

/** Reserves stock for order lines. Replace the stand-in with your inventory service. */
export interface Warehouse {
  /** Holds `line.quantity` units of `line.sku` for the order; throws {@link OutOfStockError}. */
  reserve(orderId: string, line: OrderLine): Promise<LineReservation>;
}

/** Options of {@link createStandInWarehouse}. */
export interface StandInWarehouseOptions {
  /** SKUs that are out of stock. Default: the comma-separated `UNAVAILABLE_SKUS` variable, read per call. */
  unavailableSkus?: () => readonly string[];
}

/** The variable that makes SKUs unavailable in the stand-in warehouse, to try the failure path. */
export const UNAVAILABLE_SKUS_VARIABLE = "UNAVAILABLE_SKUS";

function unavailableSkusFromEnvironment(): readonly string[] {
  return (process.env[UNAVAILABLE_SKUS_VARIABLE] ?? "")
    .split(",")
    .map((sku) => sku.trim())
    .filter((sku) => sku !== "");
}

/**
 * A warehouse with unlimited stock, except for the SKUs named out of stock (by default in the
 * `UNAVAILABLE_SKUS` environment variable, so a deployed function can be made to fail a line and
 * then be fixed by changing its configuration).
 *
 * @example
 * ```ts
 * const warehouse = createStandInWarehouse({ unavailableSkus: () => ["LAMP-01"] });
 * await warehouse.reserve("o-1", { sku: "MUG-02", quantity: 1, unitPriceCents: 900 });
 * ```
 */
export function createStandInWarehouse(options: StandInWarehouseOptions = {}): Warehouse {
  const unavailableSkus = options.unavailableSkus ?? unavailableSkusFromEnvironment;
  return {
    async reserve(orderId, line) {
      if (unavailableSkus().includes(line.sku)) throw new OutOfStockError(line.sku, line.quantity);
      return { sku: line.sku, quantity: line.quantity, reservationId: `rsv-${orderId}-${line.sku}` };
    },
  };
}
