import { createOrderHandler } from "./order-handler.js";

/** The order function's Lambda handler (`src/orders/index.handler` in template.yaml). */
export const handler = createOrderHandler();
