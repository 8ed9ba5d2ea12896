import { Metrics } from "@aws-lambda-powertools/metrics";
import type { DurableInstrumentationPlugin } from "@durable-lambda/core";
import { type LogSink, routeConsoleOutput } from "../output/log-sink.js";
import { currentFrame, isReplayingNow } from "../scope/durable-frames.js";
import { DurableMetricsPlugin, type DurableMetricsPluginOptions } from "./metrics-plugin.js";

/**
 * Options of {@link DurableMetrics}: every Powertools `Metrics` option plus where EMF lines go.
 *
 * @example
 * ```ts
 * const metrics = new DurableMetrics({ namespace: "shop", serviceName: "orders", output: process.stdout });
 * ```
 */
export type DurableMetricsOptions = ConstructorParameters<typeof Metrics>[0] & {
  /** Where the EMF lines go, one JSON object per line. Default `process.stdout`. */
  output?: LogSink;
};

type AddMetric = Metrics["addMetric"];

/** Makes `metrics.addMetric` drop metrics recorded while the execution replays. */
function dropReplayedMetrics(metrics: Metrics, addMetric: AddMetric): AddMetric {
  return (name, unit, value, resolution) => {
    if (isReplayingNow(currentFrame())) return metrics;
    return addMetric.call(metrics, name, unit, value, resolution);
  };
}

/**
 * Powertools' `Metrics` for durable functions. A metric added while the execution replays work an
 * earlier invocation already did is dropped, so every real event is counted once however many
 * invocations the workflow takes; metrics added inside a step attempt always count. Its plugin
 * ({@link DurableMetrics.plugin}) publishes the stored metrics at the end of every invocation,
 * suspended ones included. Dimensions and metadata are kept during replay: they describe the
 * metrics that follow. EMF lines go straight to stdout, never through the global `console`.
 *
 * @example
 * ```ts
 * import { MetricUnit } from "@aws-lambda-powertools/metrics";
 * import { DurableMetrics } from "@durable-lambda/powertools/metrics";
 *
 * const metrics = new DurableMetrics({ namespace: "shop", serviceName: "orders" });
 * export const handler = withDurableExecution(
 *   async (event, context) => {
 *     metrics.addMetric("orderReceived", MetricUnit.Count, 1); // once per execution
 *     await context.wait({ hours: 1 });
 *     metrics.addMetric("orderShipped", MetricUnit.Count, 1);
 *   },
 *   { plugins: [metrics.plugin()] },
 * );
 * ```
 */
export class DurableMetrics extends Metrics {
  readonly #output: LogSink;

  constructor(options: DurableMetricsOptions = {}) {
    const { output, ...metricsOptions } = options;
    super(metricsOptions);
    this.#output = output ?? process.stdout;
    routeConsoleOutput(this, this.#output);
  }

  /**
   * A plugin for `withDurableExecution({ plugins })` or `durable({ plugins })` that publishes the
   * metrics at the end of every invocation.
   *
   * @example
   * ```ts
   * export const handler = withDurableExecution(workflow, { plugins: [metrics.plugin({ captureColdStartMetric: true })] });
   * ```
   */
  plugin(options: DurableMetricsPluginOptions = {}): DurableInstrumentationPlugin {
    return new DurableMetricsPlugin(this, options);
  }

  /**
   * Stores a metric, unless the execution is replaying the code that adds it.
   *
   * @example
   * ```ts
   * metrics.addMetric("itemsShipped", MetricUnit.Count, items.length);
   * ```
   */
  override addMetric(...args: Parameters<AddMetric>): this {
    if (isReplayingNow(currentFrame())) return this;
    return super.addMetric(...args);
  }

  /**
   * A metrics object that publishes each metric at once, replay-aware as this one.
   *
   * @example
   * ```ts
   * metrics.singleMetric().addDimension("channel", "web").addMetric("checkout", MetricUnit.Count, 1);
   * ```
   */
  override singleMetric(): Metrics {
    const single = super.singleMetric();
    routeConsoleOutput(single, this.#output);
    single.addMetric = dropReplayedMetrics(single, single.addMetric);
    return single;
  }
}
