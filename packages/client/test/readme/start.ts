import { executions } from "./client.js";

// The name makes the start idempotent: a retry with the same input returns the same execution.
export function placeOrder(orderId: string): Promise<string> {
  return executions.start("orders", { orderId, items: ["book", "pen"] }, { name: `order-${orderId}` });
}
