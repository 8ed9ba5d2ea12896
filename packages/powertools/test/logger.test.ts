import { createHash } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { type DurableContext, withDurableExecution } from "@durable-lambda/core";
import { describe, expect, it, vi } from "vitest";
import { DurableLogger, DurableLogKey } from "../src/index.js";
import {
  captureOutput,
  inLambdaJsonLogFormat,
  type LogRecord,
  recordsWith,
  runDurably,
} from "./support/harness.js";

const RETRY_ONCE = {
  retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }),
};

/**
 * A workflow that spans four invocations: a step that fails once and is retried, a wait, and a
 * child context with a step and a wait of its own. Every message is logged once when run live.
 */
function orderWorkflow(logger: Logger) {
  return async (event: { orderId: string }, context: DurableContext): Promise<string> => {
    logger.appendKeys({ order_id: event.orderId });
    logger.info("order received");
    await context.step(
      "charge",
      async ({ attempt }) => {
        logger.info("charging");
        if (attempt === 1) throw new Error("card declined");
        return "charged";
      },
      RETRY_ONCE,
    );
    logger.info("charged");
    await context.wait({ seconds: 30 });
    logger.info("cooled down");
    await context.runInChildContext("ship", async (child) => {
      logger.warn("shipping");
      await child.step("label", async () => logger.info("printing label"));
      await child.wait({ seconds: 5 });
      logger.info("shipped");
    });
    logger.info("order done");
    return "done";
  };
}

const ORDER_MESSAGES = [
  "order received",
  "charging",
  "charging",
  "charged",
  "cooled down",
  "shipping",
  "printing label",
  "shipped",
  "order done",
];

function single(records: readonly LogRecord[], message: string): LogRecord {
  const found = recordsWith(records, message);
  expect(found, `records with message "${message}"`).toHaveLength(1);
  return found[0] as LogRecord;
}

describe("DurableLogger as a plugin of withDurableExecution", () => {
  inLambdaJsonLogFormat();

  it("emits each record once across invocations, with the durable keys", async () => {
    const logger = new DurableLogger({ serviceName: "orders" });
    const handler = withDurableExecution(orderWorkflow(logger), { plugins: [logger.plugin()] });

    const { value: result, records } = await captureOutput(() => runDurably(handler, { orderId: "o-1" }));

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(4);
    expect(records.map((record) => record.message)).toEqual(ORDER_MESSAGES);
    for (const record of records) {
      expect(record).toMatchObject({
        service: "orders",
        order_id: "o-1",
        [DurableLogKey.EXECUTION_ARN]: result.executionArn,
      });
    }
    const charging = recordsWith(records, "charging");
    expect(charging.map((record) => record[DurableLogKey.ATTEMPT])).toEqual([1, 2]);
    expect(charging[0]).toMatchObject({ [DurableLogKey.OPERATION_NAME]: "charge" });
    expect(typeof charging[0]?.[DurableLogKey.OPERATION_ID]).toBe("string");
    const ship = result.getOperation("ship");
    expect(single(records, "shipping")).toMatchObject({
      level: "WARN",
      [DurableLogKey.OPERATION_NAME]: "ship",
      [DurableLogKey.OPERATION_ID]: ship?.Id,
    });
    expect(single(records, "printing label")).toMatchObject({
      [DurableLogKey.OPERATION_NAME]: "label",
      [DurableLogKey.ATTEMPT]: 1,
      [DurableLogKey.PARENT_ID]: ship?.Id,
    });
    expect(single(records, "order received")[DurableLogKey.OPERATION_ID]).toBeUndefined();
    expect(single(records, "order done")).not.toHaveProperty(DurableLogKey.REPLAY);
  });

  it("keeps concurrent executions apart", async () => {
    const logger = new DurableLogger({ serviceName: "orders" });
    const handler = withDurableExecution(orderWorkflow(logger), { plugins: [logger.plugin()] });

    const { value: results, records } = await captureOutput(() =>
      Promise.all([runDurably(handler, { orderId: "o-1" }), runDurably(handler, { orderId: "o-2" })]),
    );

    // Temporary keys (order_id) are per logger, as in Powertools, unless Lambda runs invocations
    // concurrently (Managed Instances), where Powertools keeps them per invocation.
    for (const result of results) {
      const own = records.filter((record) => record[DurableLogKey.EXECUTION_ARN] === result.executionArn);
      expect(own.map((record) => record.message)).toEqual(ORDER_MESSAGES);
    }
    expect(records).toHaveLength(2 * ORDER_MESSAGES.length);
  });

  it("differs from a plain Powertools Logger, which repeats every replayed record", async () => {
    const logger = new Logger({ serviceName: "orders" });
    const handler = withDurableExecution(orderWorkflow(logger));

    const { records } = await captureOutput(() => runDurably(handler, { orderId: "o-1" }));

    expect(recordsWith(records, "order received")).toHaveLength(4);
    expect(records.length).toBeGreaterThan(ORDER_MESSAGES.length);
  });

  it("writes one JSON object per line to stdout that Lambda's JSON log format does not wrap", async () => {
    const logger = new DurableLogger({ serviceName: "orders", logLevel: "DEBUG" });
    const handler = withDurableExecution(
      async (_event, context) => {
        logger.debug("debug", { nested: { deep: true } });
        logger.error("error", new Error("boom"));
        await context.wait({ seconds: 1 });
        logger.critical("critical");
      },
      { plugins: [logger.plugin()] },
    );

    const { lines, records, stderr } = await captureOutput(() => runDurably(handler));

    expect(lines).toHaveLength(3);
    expect(records).toHaveLength(3);
    expect(stderr).toEqual([]);
    expect(records.map((record) => [record.level, record.message])).toEqual([
      ["DEBUG", "debug"],
      ["ERROR", "error"],
      ["CRITICAL", "critical"],
    ]);
    expect(records[0]).toMatchObject({ nested: { deep: true } });
    expect(records[1]).toMatchObject({ error: { name: "Error", message: "boom" } });
    expect(records.some((record) => record.requestId === "simulated-request")).toBe(false);
  });

  it("stays on one line outside the global console with POWERTOOLS_DEV, where plain Powertools is wrapped", async () => {
    vi.stubEnv("POWERTOOLS_DEV", "true");
    const durableLogger = new DurableLogger({ serviceName: "orders" });
    const plainLogger = new Logger({ serviceName: "orders" });

    const { lines, records } = await captureOutput(async () => {
      durableLogger.info("durable", { items: [1, 2] });
      plainLogger.info("plain", { items: [1, 2] });
    });

    expect(lines[0] === undefined ? undefined : JSON.parse(lines[0])).toMatchObject({
      message: "durable",
      items: [1, 2],
    });
    const wrapped = records.find((record) => record.requestId === "simulated-request");
    expect(String(wrapped?.message)).toContain('"message": "plain"');
  });

  it("keeps child loggers replay-aware, with the durable keys", async () => {
    const logger = new DurableLogger({ serviceName: "orders" });
    const payments = logger.createChild({ serviceName: "payments" });
    const handler = withDurableExecution(
      async (_event, context) => {
        payments.info("before wait");
        await context.wait({ seconds: 1 });
        await context.step("pay", async () => payments.info("paying"));
      },
      { plugins: [logger.plugin()] },
    );

    const { records } = await captureOutput(() => runDurably(handler));

    expect(payments).toBeInstanceOf(DurableLogger);
    expect(
      records.map((record) => [record.service, record.message, record[DurableLogKey.OPERATION_NAME]]),
    ).toEqual([
      ["payments", "before wait", undefined],
      ["payments", "paying", "pay"],
    ]);
  });

  it("logs each map item's records once, with the item's keys", async () => {
    const logger = new DurableLogger();
    const handler = withDurableExecution(
      async (_event, context) => {
        logger.info("mapping");
        const results = await context.map("orders", ["a", "b", "c"], async (item, order) => {
          logger.info(`item ${order}`);
          await item.wait({ seconds: 1 });
          return item.step("ship", async () => {
            logger.info(`shipping ${order}`);
            return order;
          });
        });
        logger.info("mapped", { shipped: results.getResults() });
      },
      { plugins: [logger.plugin()] },
    );

    const { value: result, records } = await captureOutput(() => runDurably(handler));

    expect(result.status).toBe("SUCCEEDED");
    expect(records.map((record) => record.message).sort()).toEqual(
      ["mapping", "item a", "item b", "item c", "shipping a", "shipping b", "shipping c", "mapped"].sort(),
    );
    const mapOperation = result.getOperation("orders");
    const itemIds = new Set(
      result.getChildOperations(mapOperation?.Id ?? "").map((operation) => operation.Id),
    );
    for (const order of ["a", "b", "c"]) {
      expect(itemIds.has(single(records, `item ${order}`)[DurableLogKey.OPERATION_ID] as string)).toBe(true);
      const shipping = single(records, `shipping ${order}`);
      expect(shipping).toMatchObject({ [DurableLogKey.OPERATION_NAME]: "ship", [DurableLogKey.ATTEMPT]: 1 });
      expect(itemIds.has(shipping[DurableLogKey.PARENT_ID] as string)).toBe(true);
    }
    expect(single(records, "mapped")).toMatchObject({ shipped: ["a", "b", "c"] });
  });

  it("decides debug sampling once per execution, from the execution ARN", async () => {
    const sampleRate = 0.5;
    const executions: { arn: string; debugRecords: number }[] = [];
    for (let run = 0; run < 6; run++) {
      const logger = new DurableLogger({ sampleRateValue: sampleRate, logLevel: "INFO" });
      const handler = withDurableExecution(
        async (_event, context) => {
          await context.step("one", async () => logger.debug("debug"));
          await context.wait({ seconds: 1 });
          await context.step("two", async () => logger.debug("debug"));
          await context.wait({ seconds: 1 });
          await context.step("three", async () => logger.debug("debug"));
        },
        { plugins: [logger.plugin()] },
      );
      const captured = await captureOutput(() => runDurably(handler));
      executions.push({
        arn: captured.value.executionArn,
        debugRecords: recordsWith(captured.records, "debug").length,
      });
    }

    for (const { arn, debugRecords } of executions) {
      const sampled = createHash("sha256").update(arn).digest().readUInt32BE(0) / 2 ** 32 < sampleRate;
      expect(debugRecords).toBe(sampled ? 3 : 0);
    }
  });

  it("keeps replayed records, marked, when replay logging is on", async () => {
    const logger = new DurableLogger({ replayLogging: true });
    const handler = withDurableExecution(
      async (_event, context) => {
        logger.info("before wait", { replaying: logger.isReplaying() });
        await context.step("work", async () => logger.info("in step", { replaying: logger.isReplaying() }));
        await context.wait({ seconds: 1 });
        logger.info("after wait", { replaying: logger.isReplaying() });
      },
      { plugins: [logger.plugin()] },
    );

    const { records } = await captureOutput(() => runDurably(handler));

    expect(records.map((record) => [record.message, record[DurableLogKey.REPLAY], record.replaying])).toEqual(
      [
        ["before wait", false, false],
        ["in step", false, false],
        ["before wait", true, true],
        ["after wait", false, false],
      ],
    );
  });

  it("re-applies the correlation id from the execution's input in every invocation", async () => {
    const logger = new DurableLogger({
      correlationIdSearchFn: (expression: string, data: unknown) =>
        (data as Record<string, unknown>)[expression],
    });
    const handler = withDurableExecution(
      async (_event, context) => {
        await context.wait({ seconds: 1 });
        logger.info("after first wait");
        await context.wait({ seconds: 1 });
        logger.info("after second wait");
      },
      { plugins: [logger.plugin({ correlationIdPath: "orderId" })] },
    );

    const { records } = await captureOutput(() => runDurably(handler, { orderId: "o-3" }));

    expect(records.map((record) => [record.message, record.correlation_id])).toEqual([
      ["after first wait", "o-3"],
      ["after second wait", "o-3"],
    ]);
  });

  it("logs the event once per execution", async () => {
    const logger = new DurableLogger();
    const handler = withDurableExecution(
      async (_event, context) => {
        await context.wait({ seconds: 1 });
        await context.wait({ seconds: 1 });
      },
      { plugins: [logger.plugin({ logEvent: true })] },
    );

    const { value: result, records } = await captureOutput(() => runDurably(handler, { orderId: "o-2" }));

    expect(result.invocations).toHaveLength(3);
    expect(single(records, "Lambda invocation event")).toMatchObject({ event: { orderId: "o-2" } });
  });
});

describe("DurableLogger as the context's logger", () => {
  it("suppresses replayed context.logger records and adds the engine's durable keys", async () => {
    const logger = new DurableLogger({ serviceName: "orders" });
    const handler = withDurableExecution(
      async (_event, context) => {
        context.logger.info("start");
        await context.step("work", async ({ logger: stepLogger }) => stepLogger.info("in step"));
        await context.wait({ seconds: 1 });
        context.logger.log?.("WARN", "after wait");
      },
      { logger },
    );

    const { value: result, records } = await captureOutput(() => runDurably(handler));

    expect(records.map((record) => [record.level, record.message])).toEqual([
      ["INFO", "start"],
      ["INFO", "in step"],
      ["WARN", "after wait"],
    ]);
    expect(single(records, "in step")).toMatchObject({
      [DurableLogKey.EXECUTION_ARN]: result.executionArn,
      [DurableLogKey.OPERATION_NAME]: "work",
      [DurableLogKey.ATTEMPT]: 1,
    });
  });
});
