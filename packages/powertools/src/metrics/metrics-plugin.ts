import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { InvocationEndInfo, InvocationInfo } from "@durable-lambda/core";
import { durableFrames, FrameKind } from "../scope/durable-frames.js";
import type { InvocationScope } from "../scope/invocation-registry.js";
import { ScopePlugin } from "../scope/scope-plugin.js";

/**
 * Options of the metrics plugin (`metrics.plugin(options)`), named as Powertools' `logMetrics` options.
 *
 * @example
 * ```ts
 * const plugin = metrics.plugin({ captureColdStartMetric: true, defaultDimensions: { stage: "prod" } });
 * ```
 */
export interface DurableMetricsPluginOptions {
  /** Emit a `ColdStart` metric on the environment's first invocation. Default `false`. */
  captureColdStartMetric?: boolean;
  /** Throw when an invocation ends without metrics (Powertools' `throwOnEmptyMetrics`). Default `false`. */
  throwOnEmptyMetrics?: boolean;
  /** Dimensions added to every metric. */
  defaultDimensions?: Record<string, string>;
}

/**
 * The metrics' instrumentation plugin: metrics go out at the end of every invocation, suspended ones
 * included, so a workflow that spans many invocations neither loses nor repeats any.
 */
export class DurableMetricsPlugin extends ScopePlugin {
  readonly #metrics: Metrics;
  readonly #options: DurableMetricsPluginOptions;

  constructor(metrics: Metrics, options: DurableMetricsPluginOptions = {}) {
    super();
    this.#metrics = metrics;
    this.#options = options;
    if (options.throwOnEmptyMetrics !== undefined)
      metrics.setThrowOnEmptyMetrics(options.throwOnEmptyMetrics);
    if (options.defaultDimensions !== undefined) metrics.setDefaultDimensions(options.defaultDimensions);
  }

  protected override invocationStarted(invocation: InvocationScope, _info: InvocationInfo): void {
    if (!this.#options.captureColdStartMetric) return;
    durableFrames.run({ kind: FrameKind.HOOK, invocation }, () => this.#metrics.captureColdStartMetric());
  }

  protected override invocationEnded(
    _invocation: InvocationScope | undefined,
    _info: InvocationEndInfo,
  ): void {
    // A middleware (Powertools' logMetrics) may have published already; an empty flush only warns.
    if (this.#metrics.hasStoredMetrics() || this.#options.throwOnEmptyMetrics === true)
      this.#metrics.publishStoredMetrics();
  }
}
