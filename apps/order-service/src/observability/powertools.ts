import type { DurableInstrumentationPlugin } from "@durable-lambda/core";
import { DurableLogger } from "@durable-lambda/powertools";
import { DurableMetrics } from "@durable-lambda/powertools/metrics";
import { DurableTracer } from "@durable-lambda/powertools/tracer";

/** The CloudWatch namespace of the application's metrics. */
export const METRICS_NAMESPACE = "OrderService";

/** A durable function's Powertools: replay-aware logger, tracer and metrics, and their engine plugins. */
export interface DurableObservability {
  logger: DurableLogger;
  tracer: DurableTracer;
  metrics: DurableMetrics;
  plugins: DurableInstrumentationPlugin[];
}

/**
 * Creates the Powertools of one durable function. Logs and metrics (EMF) are JSON lines on stdout,
 * one per record, never repeated by replay; the metrics plugin flushes at the end of every
 * invocation that added metrics. `POWERTOOLS_*` variables configure them as usual.
 *
 * @example
 * ```ts
 * const { logger, plugins } = createDurableObservability("orders");
 * ```
 */
export function createDurableObservability(serviceName: string): DurableObservability {
  const logger = new DurableLogger({ serviceName });
  const tracer = new DurableTracer({ serviceName });
  const metrics = new DurableMetrics({ namespace: METRICS_NAMESPACE, serviceName, logger });
  return { logger, tracer, metrics, plugins: [logger.plugin(), tracer.plugin(), metrics.plugin()] };
}
