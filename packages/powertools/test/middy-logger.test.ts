import { injectLambdaContext as powertoolsInjectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { type DurableContext, durable } from "@durable-lambda/middy";
import type { LocalDurableHandler } from "@durable-lambda/testing";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { DurableLogger, DurableLogKey } from "../src/index.js";
import { injectLambdaContext } from "../src/middleware/index.js";
import { captureOutput, inLambdaJsonLogFormat, recordsWith, runDurably } from "./support/harness.js";

const FUNCTION_NAME = "orders-function";
const TRACE_ID_VARIABLE = "_X_AMZN_TRACE_ID";

/**
 * Runs `handler` as Lambda would: a fresh X-Ray trace id per invocation (Powertools keys its log
 * buffer by it), and a record logged after each invocation returns, outside the execution, to see
 * what state the invocation left behind.
 */
function asLambda(handler: LocalDurableHandler, logger: DurableLogger): LocalDurableHandler {
  let invocation = 0;
  return async (event, context) => {
    invocation++;
    process.env[TRACE_ID_VARIABLE] = `Root=1-00000000-00000000000000000000000${invocation};Sampled=1`;
    try {
      return await handler(event, context);
    } finally {
      logger.info("between invocations");
      delete process.env[TRACE_ID_VARIABLE];
    }
  };
}

function workflow(logger: DurableLogger) {
  return async (event: { orderId: string }, context: DurableContext): Promise<string> => {
    logger.info("start");
    logger.appendKeys({ stage: "running" });
    logger.debug("buffered debug");
    await context.step("reserve", async () => logger.info("reserving"));
    await context.wait({ seconds: 10 });
    logger.info("after wait", { orderId: event.orderId });
    await context.step("ship", async () => logger.info("shipping"));
    await context.wait({ seconds: 10 });
    return "done";
  };
}

describe("DurableLogger behind durable() with injectLambdaContext", () => {
  inLambdaJsonLogFormat();

  it("adds the real Lambda fields on every invocation and logs the event once per execution", async () => {
    vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    const logger = new DurableLogger({ serviceName: "orders", logBufferOptions: { enabled: true } });
    const handler = middy<{ orderId: string }, string, Error, DurableContext>()
      .use(durable({ plugins: [logger.plugin()] }))
      .use(injectLambdaContext(logger, { logEvent: true }))
      .handler(workflow(logger));

    const { value: result, records } = await captureOutput(() =>
      runDurably(
        asLambda(handler as unknown as LocalDurableHandler, logger),
        { orderId: "o-7" },
        { functionName: FUNCTION_NAME },
      ),
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(3);
    const durableRecords = records.filter((record) => record.message !== "between invocations");
    expect(durableRecords.map((record) => record.message)).toEqual([
      "Lambda invocation event",
      "start",
      "reserving",
      "after wait",
      "shipping",
    ]);
    expect(durableRecords[0]).toMatchObject({ event: { orderId: "o-7" } });
    const requestIds = result.invocations.map((invocation) => invocation.requestId);
    expect(durableRecords.map((record) => record.function_request_id)).toEqual([
      requestIds[0],
      requestIds[0],
      requestIds[0],
      requestIds[1],
      requestIds[1],
    ]);
    for (const record of durableRecords) {
      expect(record).toMatchObject({
        function_name: FUNCTION_NAME,
        [DurableLogKey.EXECUTION_ARN]: result.executionArn,
      });
    }
    expect(durableRecords.map((record) => record.cold_start)).toEqual([true, true, true, false, false]);
    expect(recordsWith(durableRecords, "after wait")[0]).toMatchObject({ stage: "running", orderId: "o-7" });
  });

  it("resets keys and clears the buffer after suspended invocations too", async () => {
    const logger = new DurableLogger({ serviceName: "orders", logBufferOptions: { enabled: true } });
    const handler = middy<{ orderId: string }, string, Error, DurableContext>()
      .use(durable({ plugins: [logger.plugin({ resetKeys: false })] }))
      .use(injectLambdaContext(logger, { flushBufferOnUncaughtError: true }))
      .handler(workflow(logger));

    const { value: result, records } = await captureOutput(() =>
      runDurably(asLambda(handler as unknown as LocalDurableHandler, logger), { orderId: "o-8" }),
    );

    const between = recordsWith(records, "between invocations");
    expect(between).toHaveLength(result.invocations.length);
    for (const record of between) expect(record).not.toHaveProperty("stage");
    expect(recordsWith(records, "buffered debug")).toEqual([]);
    expect(recordsWith(records, "Uncaught error detected, flushing log buffer before exit")).toEqual([]);
  });

  it("prints the buffer once and an error record when the execution fails", async () => {
    const logger = new DurableLogger({ serviceName: "orders", logBufferOptions: { enabled: true } });
    const handler = middy<unknown, string, Error, DurableContext>()
      .use(durable({ plugins: [logger.plugin()] }))
      .use(injectLambdaContext(logger, { flushBufferOnUncaughtError: true }))
      .handler(async (_event, context) => {
        logger.debug("buffered debug");
        await context.wait({ seconds: 1 });
        logger.debug("debug after wait");
        throw new Error("out of stock");
      });

    const { value: result, records } = await captureOutput(() =>
      runDurably(asLambda(handler as unknown as LocalDurableHandler, logger)),
    );

    expect(result.status).toBe("FAILED");
    expect(
      records.filter((record) => record.message !== "between invocations").map((record) => record.message),
    ).toEqual(["debug after wait", "Uncaught error detected, flushing log buffer before exit"]);
  });

  it("works with Powertools' own injectLambdaContext: event once, no error record for suspensions", async () => {
    const logger = new DurableLogger({ serviceName: "orders" });
    const handler = middy<{ orderId: string }, string, Error, DurableContext>()
      .use(durable({ plugins: [logger.plugin()] }))
      .use(
        powertoolsInjectLambdaContext(logger, {
          logEvent: true,
          resetKeys: true,
          flushBufferOnUncaughtError: true,
        }),
      )
      .handler(workflow(logger));

    const { value: result, records } = await captureOutput(() =>
      runDurably(
        handler as unknown as LocalDurableHandler,
        { orderId: "o-9" },
        { functionName: FUNCTION_NAME },
      ),
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(records.map((record) => record.message)).toEqual([
      "Lambda invocation event",
      "start",
      "reserving",
      "after wait",
      "shipping",
    ]);
    for (const record of records) expect(record.function_name).toBe(FUNCTION_NAME);
  });
});

describe("lambdaContextOf", () => {
  it("reads the Lambda fields of a plain Lambda context when durable() passed the event through", async () => {
    const logger = new DurableLogger({ serviceName: "orders" });
    const handler = middy()
      .use(injectLambdaContext(logger, { logEvent: true }))
      .handler(async () => logger.info("plain"));
    const context = { functionName: FUNCTION_NAME, awsRequestId: "r-1" } as Context;

    const { records } = await captureOutput(() => handler({ plain: true }, context));

    expect(records.map((record) => [record.message, record.function_request_id])).toEqual([
      ["Lambda invocation event", "r-1"],
      ["plain", "r-1"],
    ]);
  });
});
