import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { type DurableContext, durable } from "@durable-lambda/middy";
import { injectLambdaContext } from "@durable-lambda/powertools/middleware";
import middy from "@middy/core";
import { assertKnownOptions, requiredSetting, secondsSetting } from "../config/configuration-error.js";
import { createDurableObservability } from "../observability/powertools.js";
import { createLoggingApprovalNotifier } from "../services/approval-notifier.js";
import { createStandInPaymentGateway } from "../services/payment-gateway.js";
import { createStandInWarehouse } from "../services/warehouse.js";
import type { OrderEvent, OrderResult } from "./order-types.js";
import { fulfilOrder, type OrderServices, OrderTimings } from "./order-workflow.js";

/** Options of {@link createOrderHandler}; each defaults to what runs on AWS. */
export interface OrderHandlerOptions {
  /** Lambda client of the durable transport. Default: one from the environment (`AWS_ENDPOINT_URL_LAMBDA` honoured). */
  lambdaClient?: LambdaClient;
  /** Replace services, e.g. a warehouse that fails in a test. Default: the stand-ins in `src/services`. */
  services?: Partial<Pick<OrderServices, "warehouse" | "payments" | "approvals">>;
  /** The shipping function to invoke. Default: the `SHIPPING_FUNCTION` variable (its alias ARN). */
  shippingFunction?: string;
}

const KNOWN_OPTIONS = ["lambdaClient", "services", "shippingFunction"] as const;

/** The environment variables the order function reads. */
export const OrderSettingVariables = {
  /** The shipping function's qualified ARN (its alias ARN; template.yaml sets it). Required. */
  shippingFunction: "SHIPPING_FUNCTION",
  /** Seconds of the cancellation window. Optional. */
  cancellationWindowSeconds: "CANCELLATION_WINDOW_SECONDS",
} as const;

/**
 * Builds the order function's handler: a Middy handler made durable by `durable()`, with
 * Powertools logging, tracing and metrics that replay cannot duplicate.
 *
 * @example
 * ```ts
 * export const handler = createOrderHandler(); // reads SHIPPING_FUNCTION
 * ```
 */
export function createOrderHandler(options: OrderHandlerOptions = {}) {
  assertKnownOptions("createOrderHandler", options, KNOWN_OPTIONS);
  // The plugins log, trace and flush metrics per invocation; replayed records and metrics are dropped.
  const { logger, tracer, metrics, plugins } = createDurableObservability("orders");
  const services: OrderServices = {
    warehouse: options.services?.warehouse ?? createStandInWarehouse(),
    payments: options.services?.payments ?? createStandInPaymentGateway(),
    approvals: options.services?.approvals ?? createLoggingApprovalNotifier(logger),
    logger,
    metrics,
    shippingFunction:
      options.shippingFunction ??
      requiredSetting(
        OrderSettingVariables.shippingFunction,
        "the qualified ARN (alias ARN) of the shipping function",
      ),
    cancellationWindowSeconds: secondsSetting(
      OrderSettingVariables.cancellationWindowSeconds,
      OrderTimings.cancellationWindowSeconds,
    ),
  };
  return (
    middy<OrderEvent, OrderResult, Error, DurableContext>()
      // redrive: a failed order can be continued from where it failed (DurableExecutions.redrive).
      .use(
        durable({
          ...(options.lambdaClient ? { client: options.lambdaClient } : {}),
          plugins,
          redrive: true,
        }),
      )
      .use(injectLambdaContext(logger))
      .use(captureLambdaHandler(tracer))
      .handler((event, context) => fulfilOrder(event, context, services))
  );
}
