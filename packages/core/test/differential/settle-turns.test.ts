import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { invocableFunctions } from "../fuzz/interpret.js";
import { type EngineName, engines, runScenario, type Sdk } from "../support/differential.js";

/**
 * In how many microtask turns each operation settles, on both engines. Where operations run side by
 * side (the branches of a parallel, the items of a map, promises awaited later), which one's update
 * comes first is decided by these turns; when a batch completes early, that decides which updates
 * are recorded. The last invocation of each execution replays every operation from its record, so
 * the counts there do not depend on the clock or on the service.
 */

/** Counts microtask turns: each tick queues the next one behind everything already queued. */
function turnCounter() {
  let turn = 0;
  let running = false;
  const tick = (): void => {
    turn++;
    if (running && turn < 10_000) queueMicrotask(tick);
    else running = false;
  };
  return {
    start(): void {
      turn = 0;
      if (running) return;
      running = true;
      queueMicrotask(tick);
    },
    stop(): void {
      running = false;
      turn = Number.NaN;
    },
    get now(): number {
      return turn;
    },
  };
}

async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: the probes call both engines' contexts.
type AnyContext = any;
type Mark = (what: string) => void;

interface Probe {
  name: string;
  /** Starts the operation; returns what the probe awaits, marking intermediate points. */
  run: (context: AnyContext, sdk: Sdk, mark: Mark) => Promise<unknown>;
}

const failing = async (): Promise<never> => {
  throw new Error("it failed");
};
/** A `waitForCondition` met at its third check, one second apart. */
const pollTwice = (c: AnyContext, name: string) =>
  c.waitForCondition(name, async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: (state: number) =>
      state < 2 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false },
  });
const once = (sdk: Sdk) => ({ retryStrategy: sdk.createRetryStrategy({ maxAttempts: 1 }) });
const callbackOptions = { timeout: { seconds: 60 } };
const lateCallbackOptions = { timeout: { seconds: 1 } };

/** Each operation awaited at once, and awaited 30 turns after it started. */
const operations: Array<[string, (context: AnyContext, sdk: Sdk) => PromiseLike<unknown>]> = [
  ["step succeeded", (c) => c.step("step-ok", async () => 1)],
  ["step failed", (c, sdk) => c.step("step-failed", failing, once(sdk))],
  ["wait", (c) => c.wait("wait", { seconds: 1 })],
  ["invoke succeeded", (c) => c.invoke("invoke-ok", "double", { n: 1 })],
  ["invoke failed", (c) => c.invoke("invoke-failed", "breaker", { n: 1 })],
  ["waitForCallback succeeded", (c) => c.waitForCallback("wfc-ok", async () => {}, callbackOptions)],
  ["waitForCallback failed", (c) => c.waitForCallback("wfc-failed", async () => {}, callbackOptions)],
  ["child context succeeded", (c) => c.runInChildContext("child-ok", async () => 1)],
  ["child context failed", (c) => c.runInChildContext("child-failed", failing)],
  ["waitForCondition", (c) => pollTwice(c, "condition")],
  ["map", (c) => c.map("map", [1, 2], async (_: AnyContext, item: number) => item)],
  ["parallel", (c) => c.parallel("parallel", [async () => 1, failing])],
  ["promise.all", (c) => c.promise.all("all", [c.step("all-1", async () => 1)])],
  [
    "promise.allSettled",
    (c, sdk) => c.promise.allSettled("settled", [c.step("settled-1", failing, once(sdk))]),
  ],
];

const callbacks: Array<[string, string, object]> = [
  ["callback succeeded", "cb-ok", callbackOptions],
  ["callback failed", "cb-failed", callbackOptions],
  ["callback timed out", "cb-late", lateCallbackOptions],
];

const probes: Probe[] = [
  ...operations.flatMap(([name, start]): Probe[] => [
    { name: `${name}, awaited at once`, run: (context, sdk) => Promise.resolve(start(context, sdk)) },
    {
      name: `${name}, awaited later`,
      run: async (context, sdk) => {
        const pending = start(context, sdk);
        await turns(30);
        return pending;
      },
    },
  ]),
  ...callbacks.flatMap(([name, callbackName, options]): Probe[] => [
    {
      name: `${name}, awaited at once`,
      run: async (context, _sdk, mark) => {
        const [result] = await context.createCallback(`${callbackName}-1`, options);
        mark("created");
        return result;
      },
    },
    {
      name: `${name}, awaited later`,
      run: async (context, _sdk, mark) => {
        const created = context.createCallback(`${callbackName}-2`, options);
        await turns(30);
        const [result] = await created;
        mark("created");
        await turns(30);
        return result;
      },
    },
  ]),
];

/** Runs every probe in one execution; returns the turns of the last invocation, which replays all. */
async function settleTurns(engine: EngineName, config: EngineConfig): Promise<Record<string, number>> {
  const counter = turnCounter();
  let marks: Record<string, number> = {};
  const capture = await runScenario(
    {
      handler: (sdk) => async (_event, context) => {
        marks = {};
        for (const probe of probes) {
          counter.start();
          const mark: Mark = (what) => {
            marks[`${probe.name}: ${what}`] = counter.now;
          };
          try {
            const awaited = await probe.run(context, sdk, mark);
            await awaited;
            mark("resolved");
          } catch (error) {
            if ((error as Error).name === "InvocationSuspendedError") throw error;
            mark("rejected");
          }
          counter.stop();
          // Lets the counter's last tick run before the next probe starts it again.
          await new Promise((resolve) => setImmediate(resolve));
        }
        return "done";
      },
      environment: {
        callbacks: (operation, parent) => {
          const name = (parent?.SubType === "WaitForCallback" ? parent.Name : operation.Name) ?? "";
          if (name.includes("-ok")) return { success: '"yes"' };
          if (name.includes("-failed")) return { failure: { ErrorType: "Declined", ErrorMessage: "no" } };
          return undefined;
        },
        functions: invocableFunctions,
      },
    },
    () => engine,
    undefined,
    config,
  );
  expect(capture.status).toBe("SUCCEEDED");
  return marks;
}

/** Operations run live, each settled by a checkpoint response (or suspending the invocation). */
const liveOperations: Array<[string, (context: AnyContext, sdk: Sdk) => PromiseLike<unknown>]> = [
  ["step succeeded", (c) => c.step("step-ok", async () => 1)],
  ["step failed", (c, sdk) => c.step("step-failed", failing, once(sdk))],
  [
    "at-most-once step succeeded",
    (c, sdk) =>
      c.step("amo-ok", async () => 1, { ...once(sdk), semantics: sdk.StepSemantics.AtMostOncePerRetry }),
  ],
  [
    "at-most-once step failed",
    (c, sdk) =>
      c.step("amo-failed", failing, { ...once(sdk), semantics: sdk.StepSemantics.AtMostOncePerRetry }),
  ],
  [
    "step retried",
    (c, sdk) =>
      c.step(
        "retried",
        async ({ attempt }: { attempt: number }) => {
          if (attempt < 2) throw new Error("not yet");
          return attempt;
        },
        { retryStrategy: sdk.createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 } }) },
      ),
  ],
  ["waitForCondition", (c) => pollTwice(c, "polls")],
  ["child context succeeded", (c) => c.runInChildContext("child-ok", async () => 1)],
  ["child context failed", (c) => c.runInChildContext("child-failed", failing)],
  [
    "child context with a failed step",
    (c, sdk) =>
      c.runInChildContext("child-step", async (child: AnyContext) => child.step("inner", failing, once(sdk))),
  ],
  [
    "parallel",
    (c) =>
      c.parallel("branches", [async () => 1, async (b: AnyContext) => b.step("branch-step", async () => 2)]),
  ],
  [
    "map with a failed item",
    (c, sdk) =>
      c.map("items", [0, 1], async (item: AnyContext, index: number) =>
        item.step("item-step", index === 1 ? failing : async () => index, once(sdk)),
      ),
  ],
  ["promise.all", (c) => c.promise.all("live-all", [c.step("live-all-1", async () => 1)])],
  ["invoke", (c) => c.invoke("live-invoke", "double", { n: 2 })],
  ["wait", (c) => c.wait("live-wait", { seconds: 1 })],
];

/**
 * Runs the live operations; returns, for each checkpoint response, what it carried, and for each
 * operation, how many turns after the latest response it settled.
 */
async function liveSettleTurns(engine: EngineName, config: EngineConfig): Promise<string[]> {
  const counter = turnCounter();
  let responses = 0;
  const marks: string[] = [];
  const sdk = engines[engine];
  const settled = (name: string, how: string): void => {
    // Before this invocation's first response, the operation was replayed from its record.
    const when = Number.isNaN(counter.now) ? "replayed" : `${counter.now} turns after response ${responses}`;
    marks.push(`${name} ${how} ${when}`);
  };
  const durable = sdk.withDurableExecution(async (_event, context) => {
    counter.stop();
    for (const [name, start] of liveOperations) {
      try {
        await start(context, sdk);
        settled(name, "resolved");
      } catch (error) {
        if ((error as Error).name === "InvocationSuspendedError") throw error;
        settled(name, "rejected");
      }
    }
    counter.stop();
    return "done";
  }, config) as (event: unknown, context: unknown) => Promise<unknown>;
  // The envelope's client is the local service's: each response restarts the count.
  const handler = (event: { durableExecutionClient: AnyContext }, context: unknown) => {
    const client = event.durableExecutionClient;
    const checkpoint = client.checkpoint.bind(client);
    client.checkpoint = async (params: { Updates?: Array<{ Action: string; Name?: string }> }) => {
      const response = await checkpoint(params);
      counter.start();
      responses++;
      marks.push(
        `response ${responses}: ${(params.Updates ?? []).map((u) => `${u.Action} ${u.Name}`).join(", ")}`,
      );
      return response;
    };
    return durable(event, context);
  };
  const runner = new LocalDurableRunner({ handler: handler as never });
  for (const [name, fn] of Object.entries(invocableFunctions)) runner.registerFunction(name, fn);
  try {
    const result = await runner.run({ input: {} });
    expect(result.status).toBe("SUCCEEDED");
  } finally {
    await runner.close();
  }
  return marks;
}

/** How a handler ends: after an awaited step, with a checkpoint still on its way, or by throwing. */
const endings: Array<[string, (context: AnyContext) => Promise<unknown>]> = [
  ["returns after an awaited step", async (c) => c.step("last", async () => 1)],
  [
    "returns with a checkpoint still on its way",
    async (c) => {
      await c.step("first", async () => 1);
      return c.parallel("unflushed", [async () => 1]);
    },
  ],
  [
    "throws",
    async (c) => {
      await c.step("before", async () => 1);
      throw new Error("the handler gave up");
    },
  ],
];

/** For each ending, how many turns after the last checkpoint response the invocation's response settles. */
async function responseTurns(engine: EngineName, config: EngineConfig): Promise<string[]> {
  const counter = turnCounter();
  const results: string[] = [];
  for (const [ending, body] of endings) {
    const durable = engines[engine].withDurableExecution(
      async (_event, context) => body(context),
      config,
    ) as (event: unknown, context: unknown) => Promise<unknown>;
    const handler = async (event: { durableExecutionClient: AnyContext }, context: unknown) => {
      const client = event.durableExecutionClient;
      const checkpoint = client.checkpoint.bind(client);
      client.checkpoint = async (params: unknown) => {
        const response = await checkpoint(params);
        counter.start();
        return response;
      };
      const output = await durable(event, context);
      results.push(`${ending}: ${counter.now} turns`);
      counter.stop();
      return output;
    };
    const runner = new LocalDurableRunner({ handler: handler as never });
    try {
      await runner.run({ input: {} });
    } finally {
      await runner.close();
    }
  }
  return results;
}

type EngineConfig = Parameters<Sdk["withDurableExecution"]>[1];

function ignoreHook(): void {}

/** A plugin with every observing hook, as tracing and metrics plugins have: each hook call takes turns. */
const observingPlugin = {
  onInvocationStart: ignoreHook,
  onInvocationEnd: ignoreHook,
  onOperationStart: ignoreHook,
  onOperationEnd: ignoreHook,
  onOperationAttemptStart: ignoreHook,
  onOperationAttemptEnd: async () => {},
  onOperationChange: ignoreHook,
};

describe.each([
  ["without plugins", undefined],
  ["with a plugin observing every hook", { plugins: [observingPlugin] }],
])("operations settle in the same microtask turn on both engines, %s", (_, config: EngineConfig) => {
  it("replayed, for every operation and outcome, awaited at once or later", async () => {
    const official = await settleTurns("official", config);
    const ours = await settleTurns("ours", config);
    expect(Object.keys(ours)).toEqual(Object.keys(official));
    const differing = Object.keys(official)
      .filter((point) => official[point] !== ours[point])
      .map((point) => `${point}: official ${official[point]}, ours ${ours[point]}`);
    expect(differing).toEqual([]);
  }, 60_000);

  it("live, counted from the checkpoint response that settles each operation", async () => {
    const official = await liveSettleTurns("official", config);
    const ours = await liveSettleTurns("ours", config);
    expect(ours).toEqual(official);
  }, 60_000);

  it("the invocation's response, counted from the last checkpoint response", async () => {
    const official = await responseTurns("official", config);
    const ours = await responseTurns("ours", config);
    expect(ours).toEqual(official);
  }, 60_000);
});
