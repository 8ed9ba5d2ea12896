import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { type DurableContext, withDurableExecution } from "@durable-lambda/core";
import { durable, type DurableContext as MiddyDurableContext } from "@durable-lambda/middy";
import type { LocalDurableHandler } from "@durable-lambda/testing";
import middy from "@middy/core";
import { describe, expect, it, vi } from "vitest";
import { DurableMetrics } from "../src/metrics/index.js";
import { captureOutput, inLambdaJsonLogFormat, type LogRecord, runDurably } from "./support/harness.js";

const RETRY_ONCE = {
  retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }),
};

/** The EMF blobs among the captured records. */
function emfBlobs(records: readonly LogRecord[]): LogRecord[] {
  return records.filter((record) => typeof record._aws === "object" && record._aws !== null);
}

/** The sum of every value published per metric name. */
function metricTotals(records: readonly LogRecord[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const blob of emfBlobs(records)) {
    const directives = (blob._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] })
      .CloudWatchMetrics;
    for (const directive of directives) {
      for (const { Name } of directive.Metrics) {
        const value = blob[Name];
        const values = Array.isArray(value) ? (value as number[]) : [value as number];
        totals[Name] = (totals[Name] ?? 0) + values.reduce((sum, item) => sum + item, 0);
      }
    }
  }
  return totals;
}

function orderWorkflow(metrics: Metrics) {
  return async (_event: unknown, context: DurableContext): Promise<string> => {
    metrics.addDimension("channel", "web");
    metrics.addMetric("orderReceived", MetricUnit.Count, 1);
    await context.step(
      "charge",
      async ({ attempt }) => {
        metrics.addMetric("chargeAttempt", MetricUnit.Count, 1);
        if (attempt === 1) throw new Error("card declined");
      },
      RETRY_ONCE,
    );
    await context.wait({ seconds: 30 });
    metrics.singleMetric().addMetric("cooledDown", MetricUnit.Count, 1);
    await context.runInChildContext("ship", async (child) => {
      metrics.addMetric("shipping", MetricUnit.Count, 1);
      await child.wait({ seconds: 5 });
    });
    metrics.addMetric("orderShipped", MetricUnit.Count, 1);
    return "done";
  };
}

const ONCE_EACH = { orderReceived: 1, chargeAttempt: 2, cooledDown: 1, shipping: 1, orderShipped: 1 };

describe("DurableMetrics", () => {
  inLambdaJsonLogFormat();

  it("counts every metric once across invocations and publishes on suspended invocations", async () => {
    const metrics = new DurableMetrics({ namespace: "shop", serviceName: "orders" });
    const handler = withDurableExecution(orderWorkflow(metrics), { plugins: [metrics.plugin()] });

    const { value: result, records } = await captureOutput(() => runDurably(handler));

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(4);
    expect(metricTotals(records)).toEqual(ONCE_EACH);
    const blobs = emfBlobs(records);
    expect(blobs.filter((blob) => "chargeAttempt" in blob)).toHaveLength(2);
    for (const blob of blobs) expect(blob).toMatchObject({ service: "orders" });
    expect(blobs.filter((blob) => "orderReceived" in blob)[0]).toMatchObject({ channel: "web" });
  });

  it("differs from plain Powertools Metrics, which count replayed code again", async () => {
    const metrics = new Metrics({ namespace: "shop", serviceName: "orders" });
    const handler = middy<unknown, string, Error, MiddyDurableContext>()
      .use(durable())
      .use(logMetrics(metrics))
      .handler(orderWorkflow(metrics));

    const { records } = await captureOutput(() => runDurably(handler as unknown as LocalDurableHandler));

    expect(metricTotals(records).orderReceived).toBe(4);
  });

  it("counts once behind durable() with Powertools' logMetrics", async () => {
    const metrics = new DurableMetrics({ namespace: "shop", serviceName: "orders" });
    const handler = middy<unknown, string, Error, MiddyDurableContext>()
      .use(durable({ plugins: [metrics.plugin()] }))
      .use(logMetrics(metrics))
      .handler(orderWorkflow(metrics));

    const { records } = await captureOutput(() => runDurably(handler as unknown as LocalDurableHandler));

    expect(metricTotals(records)).toEqual(ONCE_EACH);
  });

  it("writes EMF lines Lambda's JSON log format does not wrap, even with POWERTOOLS_DEV", async () => {
    vi.stubEnv("POWERTOOLS_DEV", "true");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    const metrics = new DurableMetrics({ namespace: "shop", serviceName: "orders" });
    const handler = withDurableExecution(orderWorkflow(metrics), {
      plugins: [metrics.plugin({ captureColdStartMetric: true })],
    });

    const { records, lines } = await captureOutput(() => runDurably(handler));

    expect(emfBlobs(records).length).toBe(lines.length);
    expect(records.some((record) => record.requestId === "simulated-request")).toBe(false);
    expect(metricTotals(records)).toEqual({ ...ONCE_EACH, ColdStart: 1 });
  });
});
