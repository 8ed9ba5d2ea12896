import { type DurableLogger, withDurableExecution } from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { captureOutput, runLocally } from "../support/harness.js";

describe("context.logger", () => {
  it("emits each record once across replays, as one JSON line with the durable keys", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      context.logger.info("start");
      await context.step("work", async ({ logger }) => {
        logger.info("inside step");
      });
      await context.wait({ seconds: 10 });
      context.logger.info("after wait");
      await context.runInChildContext("child", async (child) => {
        child.logger.warn("in child");
        await child.wait({ seconds: 10 });
        child.logger.info("child resumed");
      });
      return "done";
    });

    const { value, lines } = await captureOutput(() => runLocally(handler));

    expect(value.result.status).toBe("SUCCEEDED");
    expect(value.result.invocations).toHaveLength(3);
    const messages = lines.map((line) => line.message);
    expect(messages).toEqual(["start", "inside step", "after wait", "in child", "child resumed"]);
    const step = lines.find((line) => line.message === "inside step");
    expect(step).toMatchObject({ level: "INFO", operationName: "work", attempt: 1 });
    expect(typeof step?.operationId).toBe("string");
    expect(typeof step?.executionArn).toBe("string");
    expect(lines.find((line) => line.message === "in child")).toMatchObject({
      level: "WARN",
      operationName: "child",
    });
  });

  it("keeps replayed records when modeAware is off", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      context.configureLogger({ modeAware: false });
      context.logger.info("every invocation");
      await context.wait({ seconds: 1 });
      return "ok";
    });

    const { lines } = await captureOutput(() => runLocally(handler));

    expect(lines.filter((line) => line.message === "every invocation")).toHaveLength(2);
  });

  it("hands a custom logger the durable metadata of the current frame", async () => {
    const records: { message: unknown; data: Record<string, unknown> }[] = [];
    let getData: (() => Record<string, unknown>) | undefined;
    const custom: DurableLogger = {
      configureDurableLoggingContext: (ctx) => {
        getData = ctx.getDurableLogData;
      },
      info: (message: unknown) => records.push({ message, data: { ...getData?.() } }),
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    };
    const handler = withDurableExecution(async (_event, context) => {
      context.configureLogger({ customLogger: custom });
      context.logger.info("root");
      await context.step("s", async ({ logger }) => logger.info("step"));
      return "ok";
    });

    await runLocally(handler);

    expect(records.map((r) => r.message)).toEqual(["root", "step"]);
    expect(records[0]?.data.operationId).toBeUndefined();
    expect(records[1]?.data).toMatchObject({ operationName: "s", attempt: 1 });
  });

  it("tells a custom logger whether the writing code replays, and in which context it runs", async () => {
    const seen: Record<string, unknown>[] = [];
    let getData: (() => Record<string, unknown>) | undefined;
    const probe = (where: string) => seen.push({ where, ...getData?.() });
    const handler = withDurableExecution(
      async (_event, context) => {
        probe("root-before");
        await context.runInChildContext("child", async (child) => {
          probe("child-before");
          await child.step("inner", async () => probe("inner-step"));
          await child.wait({ seconds: 1 });
          probe("child-after");
        });
        probe("root-after");
        return "ok";
      },
      {
        logger: {
          configureDurableLoggingContext: (ctx) => {
            getData = ctx.getDurableLogData;
          },
          info: () => undefined,
          warn: () => undefined,
          error: () => undefined,
          debug: () => undefined,
        },
      },
    );

    await runLocally(handler);

    const flags = seen.map((data) => `${data.where}:${data.isReplaying}`);
    expect(flags).toEqual([
      "root-before:false",
      "child-before:false",
      "inner-step:false",
      // Second invocation: the root and the child replay until they reach their new work.
      "root-before:true",
      "child-before:true",
      "child-after:false",
      "root-after:false",
    ]);
    const child = seen.find((data) => data.where === "child-before");
    const inner = seen.find((data) => data.where === "inner-step");
    expect(child?.parentId).toBeUndefined();
    expect(inner?.parentId).toBe(child?.operationId);
    expect(inner).toMatchObject({ operationName: "inner", attempt: 1 });
  });
});
