import {
  DurableConfigurationError,
  type DurableLogger,
  type OperationUpdate,
  type Serdes,
} from "@durable-lambda/core";
import { type DurableContext, durable, durableValidateOptions } from "@durable-lambda/middy";
import { LocalDurableRunner } from "@durable-lambda/testing";
import middy from "@middy/core";
import { describe, expect, it } from "vitest";
import { asLambdaHandler } from "./support/workflows.js";

const transport = { checkpoint: async () => ({}), getExecutionState: async () => ({}) };
const logger: DurableLogger = { error() {}, warn() {}, info() {}, debug() {} };

describe("durableValidateOptions", () => {
  it("accepts every option withDurableExecution accepts, and nonDurableEvent", () => {
    expect(() =>
      durableValidateOptions({
        durableExecutionClient: transport,
        logger,
        serdes: { defaultSerdes: { serialize: async () => "", deserialize: async () => undefined } },
        plugins: [{}],
        pluginsConfig: { childOperationsDepth: 2 },
        nonDurableEvent: "passThrough",
      }),
    ).not.toThrow();
    expect(() => durableValidateOptions({ client: { send: async () => ({}) } })).not.toThrow();
    expect(() => durableValidateOptions({})).not.toThrow();
  });

  it.each([
    [{ nonDurableEvents: "passThrough" }, "Unknown option 'nonDurableEvents'"],
    [{ nonDurableEvent: "ignore" }, `Option 'nonDurableEvent' must be "error" or "passThrough"`],
    [{ logger: console.log }, "Option 'logger' must be a logger with error, warn, info, debug methods"],
    [{ plugins: {} }, "Option 'plugins' must be an array"],
    [{ pluginsConfig: 3 }, "Option 'pluginsConfig' must be { childOperationsDepth?: number }"],
    [{ serdes: { defaultSerdes: { serialize: async () => "" } } }, "Option 'serdes' must be"],
    [{ serdes: { serializer: {} } }, "Option 'serdes' must be"],
    [{ client: "lambda" }, "Option 'client' must be a LambdaClient"],
    [null, "options must be an object"],
  ])("rejects %j with a TypeError from the package", (options, message) => {
    const error = (() => {
      try {
        durableValidateOptions(options);
      } catch (caught) {
        return caught as TypeError;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toContain(message);
    expect(error?.cause).toEqual({ package: "@durable-lambda/middy" });
  });

  it("applies the engine's rules across options", () => {
    expect(() =>
      durableValidateOptions({ client: { send: async () => ({}) }, durableExecutionClient: transport }),
    ).toThrow(DurableConfigurationError);
    expect(() =>
      durableValidateOptions({ durableExecutionClient: { checkpoint: async () => ({}) } }),
    ).toThrow(/getExecutionState/);
    expect(() => durableValidateOptions({ pluginsConfig: { childOperationDepth: 1 } })).toThrow(
      'unknown option "childOperationDepth". Known options: childOperationsDepth',
    );
  });

  it("runs when the middleware is built, so bad options fail at start-up", () => {
    expect(() => durable({ nonDurableEvent: "drop" as never })).toThrow(TypeError);
  });
});

describe("options reach the engine", () => {
  it("writes step results with the serdes option and logs through the logger option", async () => {
    const records: unknown[][] = [];
    const recordingLogger: DurableLogger = {
      error: (...params) => records.push(["error", ...params]),
      warn: (...params) => records.push(["warn", ...params]),
      info: (...params) => records.push(["info", ...params]),
      debug: (...params) => records.push(["debug", ...params]),
    };
    const upperSerdes: Serdes<string> = {
      serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value.toUpperCase())),
      deserialize: async (data) => (data === undefined ? undefined : (JSON.parse(data) as string)),
    };
    const handler = middy<unknown, string, Error, DurableContext>()
      .use(durable({ serdes: { defaultSerdes: upperSerdes }, logger: recordingLogger }))
      .handler(async (_event, context) => {
        context.logger.info("starting");
        const value = await context.step("shout", async () => "hello");
        await context.wait({ seconds: 1 });
        return value;
      });
    const runner = new LocalDurableRunner({ handler: asLambdaHandler(handler) });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("HELLO");
    expect(result.getOperation("shout")?.StepDetails?.Result).toBe('"HELLO"');
    // Replay-aware: logged on the first invocation only.
    expect(records.filter(([, message]) => message === "starting")).toHaveLength(1);
  });

  it("passes pluginsConfig to the engine: contexts within the depth keep their children for later invocations", async () => {
    const handlerWith = (childOperationsDepth: number) =>
      middy<unknown, string, Error, DurableContext>()
        .use(durable({ pluginsConfig: { childOperationsDepth } }))
        .handler(async (_event, context) => {
          const inner = await context.runInChildContext("outer", (child) =>
            child.step("inner", async () => "x"),
          );
          await context.wait({ seconds: 1 });
          return inner;
        });

    const kept = await new LocalDurableRunner({ handler: asLambdaHandler(handlerWith(1)) }).run();
    const pruned = await new LocalDurableRunner({ handler: asLambdaHandler(handlerWith(0)) }).run();

    expect(kept.status).toBe("SUCCEEDED");
    expect(kept.getOperation("outer")?.ContextDetails?.ReplayChildren).toBe(true);
    expect(pruned.status).toBe("SUCCEEDED");
    expect(pruned.getOperation("outer")?.ContextDetails?.ReplayChildren).toBeFalsy();
  });

  it("fails the execution before the handler runs when pluginsConfig.childOperationsDepth is invalid", async () => {
    let ran = false;
    const handler = middy<unknown, string, Error, DurableContext>()
      .use(durable({ pluginsConfig: { childOperationsDepth: -1 } }))
      .handler(async () => {
        ran = true;
        return "ran";
      });

    const result = await new LocalDurableRunner({ handler: asLambdaHandler(handler) }).run();

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorMessage).toContain("childOperationsDepth");
    expect(ran).toBe(false);
  });

  it("checkpoints through the durableExecutionClient option when the event carries no client", async () => {
    const sent: OperationUpdate[] = [];
    const handler = middy<unknown, string, Error, DurableContext>()
      .use(
        durable({
          durableExecutionClient: {
            getExecutionState: (params) => runner.service.getDurableExecutionState(params),
            checkpoint: (params) => {
              sent.push(...((params.Updates ?? []) as OperationUpdate[]));
              return runner.service.checkpointDurableExecution(params);
            },
          },
        }),
      )
      .handler(async (_event, context) => context.step("work", async () => "done"));
    const runner: LocalDurableRunner = new LocalDurableRunner({
      transport: "http",
      handler: asLambdaHandler(handler),
    });
    try {
      const result = await runner.run();

      expect(result.status).toBe("SUCCEEDED");
      expect(sent.map((update) => update.Action)).toContain("SUCCEED");
    } finally {
      await runner.close();
    }
  });
});
