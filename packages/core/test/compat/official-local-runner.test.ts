import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRetryStrategy, type DurableLambdaHandler, withDurableExecution } from "../../src/index.js";

type OfficialHandler = ConstructorParameters<typeof LocalDurableTestRunner>[0]["handlerFunction"];
/** The official types declare statuses as TypeScript enums (nominal); ours are the same strings. */
const asOfficial = (handler: DurableLambdaHandler) => handler as unknown as OfficialHandler;

// Transport compatibility (a handler built with our engine accepts the official transport): the official testing package runs
// handlers built with our engine, handing them its own client inside the envelope.
describe("a handler built with our engine under the official LocalDurableTestRunner", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("runs steps, a wait, a retried step and a child context to success", async () => {
    let failures = 0;
    const handler = withDurableExecution(async (event: { name: string }, context) => {
      const greeting = await context.step("greet", async () => `hello ${event.name}`);
      await context.wait("pause", { hours: 1 });
      const flaky = await context.step(
        "flaky",
        async () => {
          if (failures++ === 0) throw new Error("first attempt fails");
          return "recovered";
        },
        {
          retryStrategy: createRetryStrategy({
            maxAttempts: 3,
            initialDelay: { seconds: 1 },
            jitter: "NONE",
          }),
        },
      );
      const inner = await context.runInChildContext("child", async (child) => {
        const a = await child.step("a", async () => 1);
        const b = await child.step("b", async () => 2);
        return a + b;
      });
      return { greeting, flaky, inner };
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: asOfficial(handler) });

    const result = await runner.run({ payload: { name: "world" } });

    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ greeting: "hello world", flaky: "recovered", inner: 3 });
    expect(runner.getOperation("greet").getStepDetails()?.result).toBe("hello world");
    expect(runner.getOperation("flaky").getStepDetails()?.attempt).toBe(2);
    expect(result.getInvocations().length).toBeGreaterThanOrEqual(3);
  });

  it("reports a failing handler as FAILED with the error type and message", async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => {
      await context.step("ok", async () => 1);
      throw new TypeError("bad input");
    });
    const runner = new LocalDurableTestRunner({ handlerFunction: asOfficial(handler) });

    const result = await runner.run({ payload: {} });

    expect(result.getStatus()).toBe("FAILED");
    expect(result.getError()).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
  });
});
