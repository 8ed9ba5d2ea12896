export { DurableMetrics, type DurableMetricsOptions } from "./durable-metrics.js";
export type { DurableMetricsPluginOptions } from "./metrics-plugin.js";
