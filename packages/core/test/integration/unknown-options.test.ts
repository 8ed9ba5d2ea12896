import { DurableConfigurationError, type DurableContext, withDurableExecution } from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { runLocally } from "../support/harness.js";

const plugin = { name: "p" };

describe("withDurableExecution rejects unknown options when the handler is wrapped", () => {
  it("names the typo and lists the known options", () => {
    const wrap = () => withDurableExecution(async () => "ok", { plugin: [plugin] } as never);

    expect(wrap).toThrow(DurableConfigurationError);
    expect(wrap).toThrow(
      /unknown option "plugin"\. Known options: client, durableExecutionClient, logger, serdes, plugins/,
    );
  });

  it("checks the keys of the serdes option too", () => {
    expect(() => withDurableExecution(async () => "ok", { serdes: { default: {} } } as never)).toThrow(
      /serdes got an unknown option "default"\. Known options: defaultSerdes, defaultCallbackDeserializer/,
    );
  });
});

const typos: Record<string, { call: (context: DurableContext) => Promise<unknown>; known: string }> = {
  "context.step()": {
    call: (context) => context.step("s", async () => 1, { retries: 3 } as never),
    known: "retryStrategy, semantics, serdes",
  },
  "context.runInChildContext()": {
    call: (context) => context.runInChildContext("c", async () => 1, { subtype: "X" } as never),
    known: "serdes, subType",
  },
  "context.map()": {
    call: (context) => context.map([1], async (_c, item) => item, { concurrency: 2 } as never),
    known: "maxConcurrency, itemNamer",
  },
  "context.map() completionConfig": {
    call: (context) =>
      context.map([1], async (_c, item) => item, { completionConfig: { minSuccess: 1 } } as never),
    known: "minSuccessful, toleratedFailureCount",
  },
  "context.parallel()": {
    call: (context) => context.parallel([async () => 1], { maxConcurency: 1 } as never),
    known: "maxConcurrency, serdes",
  },
  "context.waitForCondition()": {
    call: (context) =>
      context.waitForCondition(async (state: number) => state, {
        initialState: 1,
        waitStrategy: () => ({ shouldContinue: false }),
        intialState: 2,
      } as never),
    known: "waitStrategy, initialState, serdes",
  },
  "context.createCallback()": {
    call: (context) => context.createCallback("cb", { timeoutSeconds: 5 } as never),
    known: "timeout, heartbeatTimeout, serdes",
  },
  "context.waitForCallback()": {
    call: (context) => context.waitForCallback("cb", async () => {}, { timout: { seconds: 5 } } as never),
    known: "timeout, heartbeatTimeout, retryStrategy, serdes",
  },
  "context.invoke()": {
    call: (context) => context.invoke("fn", {}, { tenant: "a" } as never),
    known: "payloadSerdes, resultSerdes, tenantId",
  },
};

describe("operations reject unknown options before anything is recorded", () => {
  for (const [owner, typo] of Object.entries(typos)) {
    it(`${owner} fails the execution naming the unknown option`, async () => {
      const handler = withDurableExecution(async (_event, context) => typo.call(context));

      const { result, service } = await runLocally(handler);

      expect(result.status).toBe("FAILED");
      expect(result.error?.ErrorType).toBe("DurableConfigurationError");
      expect(result.error?.ErrorMessage).toContain(`${owner} got an unknown option`);
      expect(result.error?.ErrorMessage).toContain(`Known options: ${typo.known}`);
      expect(service.requests.filter((request) => request.api === "checkpoint").length).toBeLessThanOrEqual(
        1,
      );
      expect(result.operations).toEqual([]);
    });
  }

  it("context.configureLogger() throws at the call", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      context.configureLogger({ modeaware: false } as never);
    });

    const { result } = await runLocally(handler);

    expect(result.error?.ErrorMessage).toMatch(/configureLogger\(\) got an unknown option "modeaware"/);
  });
});
