import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { type DurableContext, durable } from "@durable-lambda/middy";
import { injectLambdaContext } from "@durable-lambda/powertools/middleware";
import middy from "@middy/core";
import { assertKnownOptions, secondsSetting } from "../config/configuration-error.js";
import { createDurableObservability } from "../observability/powertools.js";
import type { Shipment, ShipmentRequest } from "../orders/order-types.js";
import { type Carrier, createStandInCarrier } from "../services/carrier.js";
import { ShippingTimings, shipOrder } from "./shipping-workflow.js";

/** Options of {@link createShippingHandler}. */
export interface ShippingHandlerOptions {
  /** Lambda client of the durable transport. Default: one from the environment. */
  lambdaClient?: LambdaClient;
  /** The carrier API. Default: the stand-in in `src/services/carrier.ts`. */
  carrier?: Carrier;
}

const KNOWN_OPTIONS = ["lambdaClient", "carrier"] as const;

/** The environment variable of the pickup delay, in seconds (optional). */
export const PICKUP_DELAY_VARIABLE = "PICKUP_DELAY_SECONDS";

/**
 * Builds the shipping function's handler (Middy + `durable()` + Powertools).
 *
 * @example
 * ```ts
 * export const handler = createShippingHandler();
 * ```
 */
export function createShippingHandler(options: ShippingHandlerOptions = {}) {
  assertKnownOptions("createShippingHandler", options, KNOWN_OPTIONS);
  const { logger, tracer, plugins } = createDurableObservability("shipping");
  const services = {
    carrier: options.carrier ?? createStandInCarrier(),
    logger,
    pickupDelaySeconds: secondsSetting(PICKUP_DELAY_VARIABLE, ShippingTimings.pickupDelaySeconds),
  };
  return middy<ShipmentRequest, Shipment, Error, DurableContext>()
    .use(durable({ ...(options.lambdaClient ? { client: options.lambdaClient } : {}), plugins }))
    .use(injectLambdaContext(logger))
    .use(captureLambdaHandler(tracer))
    .handler((request, context) => shipOrder(request, context, services));
}
