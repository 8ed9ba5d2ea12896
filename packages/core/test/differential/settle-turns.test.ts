import { describe, expect, it } from "vitest";
import { invocableFunctions } from "../fuzz/interpret.js";
import { type EngineName, runScenario, type Sdk } from "../support/differential.js";

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
  };
  return {
    start(): void {
      turn = 0;
      running = true;
      queueMicrotask(tick);
    },
    stop(): void {
      running = false;
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
  [
    "waitForCondition",
    (c) =>
      c.waitForCondition("condition", async (state: number) => state + 1, {
        initialState: 0,
        waitStrategy: (state: number) =>
          state < 2 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false },
      }),
  ],
  ["map", (c) => c.map("map", [1, 2], async (_: AnyContext, item: number) => item)],
  ["parallel", (c) => c.parallel("parallel", [async () => 1, failing])],
  ["promise.all", (c) => c.promise.all("all", [c.step("all-1", async () => 1)])],
  ["promise.allSettled", (c, sdk) => c.promise.allSettled("settled", [c.step("settled-1", failing, once(sdk))])],
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
async function settleTurns(engine: EngineName): Promise<Record<string, number>> {
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
  );
  expect(capture.status).toBe("SUCCEEDED");
  return marks;
}

describe("replayed operations settle in the same microtask turn on both engines", () => {
  it("for every operation and outcome, awaited at once or later", async () => {
    const official = await settleTurns("official");
    const ours = await settleTurns("ours");
    const table = Object.keys(official).map((point) => `${point}: official ${official[point]}, ours ${ours[point]}`);
    expect(Object.keys(ours)).toEqual(Object.keys(official));
    expect(table.filter((_, i) => official[Object.keys(official)[i] as string] !== ours[Object.keys(official)[i] as string])).toEqual([]);
  }, 60_000);
});
