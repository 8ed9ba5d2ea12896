import { createShippingHandler } from "./shipping-handler.js";

/** The shipping function's Lambda handler (`src/shipping/index.handler` in template.yaml). */
export const handler = createShippingHandler();
