import { Tracer } from "@aws-lambda-powertools/tracer";
import { type DurableInstrumentationPlugin, isSuspension } from "@durable-lambda/core";
import { DurableAnnotation, DurableTracerPlugin, type DurableTracerPluginOptions } from "./tracer-plugin.js";

/**
 * Powertools' `Tracer` for durable functions: everything Powertools does, plus a plugin
 * ({@link DurableTracer.plugin}) that traces each executed attempt and child context as its own
 * subsegment, and a suspension is never recorded as an error: when the handler settles with the
 * suspension signal (Powertools' `captureLambdaHandler` then calls `addErrorAsMetadata`), the
 * segment is annotated `DurableSuspended: true` instead. Like Powertools, it traces nothing outside
 * Lambda (`AWS_EXECUTION_ENV` unset).
 *
 * @example
 * ```ts
 * import middy from "@middy/core";
 * import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
 * import { durable } from "@durable-lambda/middy";
 * import { DurableTracer } from "@durable-lambda/powertools/tracer";
 *
 * const tracer = new DurableTracer({ serviceName: "orders" });
 * export const handler = middy()
 *   .use(durable({ plugins: [tracer.plugin()] }))
 *   .use(captureLambdaHandler(tracer))
 *   .handler(async (event, context) => context.step("charge", async () => charge(event)));
 * ```
 */
export class DurableTracer extends Tracer {
  /**
   * A plugin for `withDurableExecution({ plugins })` or `durable({ plugins })` that creates the
   * durable subsegments.
   *
   * @example
   * ```ts
   * export const handler = withDurableExecution(workflow, { plugins: [tracer.plugin({ replayedOperations: "mark" })] });
   * ```
   */
  plugin(options: DurableTracerPluginOptions = {}): DurableInstrumentationPlugin {
    return new DurableTracerPlugin(this, options);
  }

  /**
   * Records `error` on the active segment, except the suspension signal, which is not a failure:
   * the segment is annotated `DurableSuspended: true`.
   *
   * @example
   * ```ts
   * tracer.addErrorAsMetadata(error);
   * ```
   */
  override addErrorAsMetadata(error: Error, remote?: boolean): void {
    if (isSuspension(error)) {
      this.putAnnotation(DurableAnnotation.SUSPENDED, true);
      return;
    }
    super.addErrorAsMetadata(error, remote);
  }
}
