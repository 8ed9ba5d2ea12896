import type { ConstructorOptions } from "@aws-lambda-powertools/logger/types";
import { type DurableContext, withDurableExecution } from "@durable-lambda/core";
import { describe, expect, it, vi } from "vitest";
import { DurableLogger } from "../src/index.js";
import { isExecutionSampled } from "../src/logger/sampling.js";
import { captureOutput, inLambdaJsonLogFormat, recordsWith, runDurably } from "./support/harness.js";

type ConfigService = NonNullable<ConstructorOptions["customConfigService"]>;

/** A custom config service, as Powertools accepts one: every value comes from `values`. */
function configService(values: { logLevel: string; sampleRate: number }): ConfigService {
  return {
    get: () => "",
    getServiceName: () => "orders",
    getXrayTraceId: () => undefined,
    getXrayTraceSampled: () => false,
    isDevMode: () => false,
    isValueTrue: (value: string) => value === "true",
    getAwsLogLevel: () => "",
    getCurrentEnvironment: () => "",
    getLogEvent: () => false,
    getLogLevel: () => values.logLevel,
    getSampleRateValue: () => values.sampleRate,
  };
}

/** Three invocations, each logging one INFO record from a step (steps never replay their records). */
function workflow(logger: DurableLogger) {
  return async (_event: unknown, context: DurableContext): Promise<void> => {
    await context.step("one", async () => logger.info("info"));
    await context.wait({ seconds: 1 });
    await context.step("two", async () => logger.info("info"));
    await context.wait({ seconds: 1 });
    await context.step("three", async () => logger.info("info"));
  };
}

describe("DurableLogger levels and sampling in a durable execution", () => {
  inLambdaJsonLogFormat();

  it("uses the level and sample rate of a custom config service, deciding once per execution", async () => {
    const sampleRate = 0.5;
    for (let run = 0; run < 6; run++) {
      const { value: result, records } = await captureOutput(() => {
        const logger = new DurableLogger({
          customConfigService: configService({ logLevel: "ERROR", sampleRate }),
        });
        return runDurably(withDurableExecution(workflow(logger), { plugins: [logger.plugin()] }));
      });

      expect(result.invocations).toHaveLength(3);
      const sampled = isExecutionSampled(result.executionArn, sampleRate);
      expect(recordsWith(records, "info"), `execution ${run}, sampled: ${sampled}`).toHaveLength(
        sampled ? 3 : 0,
      );
    }
  });

  it("keeps Lambda's Advanced Logging Controls level when the execution is not sampled", async () => {
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "WARN");
    // Sampling is on, so the durable decision runs, but it (almost) never picks an execution.
    const logger = new DurableLogger({ sampleRateValue: 1e-12 });
    const handler = withDurableExecution(
      async (_event, context: DurableContext) => {
        await context.step("one", async () => {
          logger.info("info");
          logger.warn("warn");
        });
        await context.wait({ seconds: 1 });
        await context.step("two", async () => logger.warn("warn"));
      },
      { plugins: [logger.plugin()] },
    );

    const { value: result, records } = await captureOutput(() => runDurably(handler));

    expect(result.invocations).toHaveLength(2);
    expect(records.map((record) => record.message)).toEqual(["warn", "warn"]);
  });

  it("restores the level given to the constructor after a sampled execution", async () => {
    const { value: logger } = await captureOutput(
      async () => new DurableLogger({ logLevel: "WARN", sampleRateValue: 0.5 }),
    );
    const runs: { sampled: boolean; infos: number }[] = [];
    for (let run = 0; run < 6; run++) {
      const handler = withDurableExecution(workflow(logger), { plugins: [logger.plugin()] });
      const { value: result, records } = await captureOutput(() => runDurably(handler));
      runs.push({
        sampled: isExecutionSampled(result.executionArn, 0.5),
        infos: recordsWith(records, "info").length,
      });
    }

    for (const { sampled, infos } of runs) expect(infos).toBe(sampled ? 3 : 0);
  });
});
