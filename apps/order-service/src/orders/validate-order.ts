import { InvalidOrderError } from "./order-errors.js";
import type { OrderEvent } from "./order-types.js";

/** Limits of an order event. */
export const OrderLimits = {
  /** Lines per order: each line is one map item, one child context of its own. */
  maxLines: 100,
  maxQuantity: 1_000,
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lineProblems(line: unknown, index: number): string[] {
  if (!isRecord(line)) return [`lines[${index}] must be an object {sku, quantity, unitPriceCents}`];
  const problems: string[] = [];
  if (typeof line.sku !== "string" || line.sku === "")
    problems.push(`lines[${index}].sku must be a non-empty string`);
  const { quantity, unitPriceCents } = line;
  if (
    !Number.isInteger(quantity) ||
    (quantity as number) < 1 ||
    (quantity as number) > OrderLimits.maxQuantity
  ) {
    problems.push(`lines[${index}].quantity must be a whole number from 1 to ${OrderLimits.maxQuantity}`);
  }
  if (!Number.isInteger(unitPriceCents) || (unitPriceCents as number) < 0) {
    problems.push(`lines[${index}].unitPriceCents must be a whole number of cents, 0 or more`);
  }
  return problems;
}

/**
 * Checks the event an order execution starts with and returns it typed; throws
 * {@link InvalidOrderError} listing every problem. Deterministic, so it needs no step: a replay
 * reaches the same verdict.
 *
 * @example
 * ```ts
 * const order = validateOrder({ orderId: "o-1", customerEmail: "a@example.com", lines: [] }); // throws
 * ```
 */
export function validateOrder(event: unknown): OrderEvent {
  if (!isRecord(event)) throw new InvalidOrderError("", ["the event must be a JSON object"]);
  const problems: string[] = [];
  const orderId = typeof event.orderId === "string" ? event.orderId : "";
  if (orderId === "") problems.push("orderId must be a non-empty string");
  if (typeof event.customerEmail !== "string" || !event.customerEmail.includes("@")) {
    problems.push("customerEmail must be an e-mail address");
  }
  if (!Array.isArray(event.lines) || event.lines.length === 0) {
    problems.push("lines must be a non-empty array");
  } else if (event.lines.length > OrderLimits.maxLines) {
    problems.push(`lines must have at most ${OrderLimits.maxLines} entries, got ${event.lines.length}`);
  } else {
    event.lines.forEach((line, index) => {
      problems.push(...lineProblems(line, index));
    });
  }
  if (problems.length > 0) throw new InvalidOrderError(orderId, problems);
  return event as unknown as OrderEvent;
}
