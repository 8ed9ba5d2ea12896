import { AsyncLocalStorage } from "node:async_hooks";
import { withDurableExecution as withOfficialDurableExecution } from "@aws/durable-execution-sdk-js";
import {
  type AttemptEndInfo,
  type CustomerFn,
  type DurableInstrumentationPlugin,
  type DurableLogger,
  type DurableLoggingContext,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationChangeInfo,
  type OperationEndInfo,
  withDurableExecution,
} from "@durable-lambda/core";
import { LocalDurableRunner, type OperationHandle } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { captureOutput, runLocally } from "../support/harness.js";

type Hook = Exclude<keyof DurableInstrumentationPlugin, "enrichLogContext">;

interface Recorded {
  readonly hook: Hook;
  /** 1-based invocation the hook fired in. */
  readonly invocation: number;
  readonly info: Record<string, unknown>;
}

const OBSERVING_HOOKS = [
  "onInvocationEnd",
  "onOperationStart",
  "onOperationEnd",
  "onOperationAttemptStart",
  "onOperationAttemptEnd",
  "onOperationChange",
] as const satisfies readonly Hook[];
const WRAPPING_HOOKS = [
  "wrapInvocation",
  "wrapChildContextFn",
  "wrapOperationAttemptFn",
] as const satisfies readonly Hook[];

/** Short names of the hooks in the event lines tests compare. */
const HOOK_LABELS: Partial<Record<Hook, string>> = {
  onInvocationStart: "invocation",
  onOperationStart: "start",
  onOperationEnd: "end",
  onOperationAttemptStart: "attempt",
  onOperationAttemptEnd: "attempt-end",
  wrapChildContextFn: "wrap-child",
  onInvocationEnd: "invocation-end",
};

/**
 * Records every hook call; wraps call `fn` and return its result, as the contract asks. The hooks
 * other than `onInvocationStart` are installed by the constructor, one per name.
 */
class RecordingPlugin implements DurableInstrumentationPlugin {
  readonly events: Recorded[] = [];
  #invocation = 0;

  constructor() {
    const hooks = [
      ...OBSERVING_HOOKS.map((hook) => [hook, (info: object) => this.#record(hook, info)]),
      ...WRAPPING_HOOKS.map((hook) => [
        hook,
        (info: object, fn: CustomerFn) => {
          this.#record(hook, info);
          return fn();
        },
      ]),
    ];
    Object.assign(this, Object.fromEntries(hooks));
  }

  onInvocationStart(info: InvocationInfo): void {
    this.#invocation++;
    this.#record("onInvocationStart", info);
  }

  #record(hook: Hook, info: object): void {
    this.events.push({ hook, invocation: this.#invocation, info: info as Record<string, unknown> });
  }

  of(hook: Hook): Recorded[] {
    return this.events.filter((event) => event.hook === hook);
  }

  /**
   * The operation-level events as short lines, `<invocation> <hook> <name> <flags>`: the sequence
   * a plugin observes, easy to compare in full.
   */
  lines(): string[] {
    return this.events.flatMap(({ hook, invocation, info }) => {
      const label = HOOK_LABELS[hook];
      if (label === undefined || hook === "onInvocationStart") return [];
      if (hook === "onInvocationEnd") return [`${invocation} ${label} ${info.status}`];
      const flags = [
        info.status,
        info.isReplay === true ? "replay" : undefined,
        info.isReplayingChildren === true ? "replaying-children" : undefined,
        hook.startsWith("onOperationAttempt") || hook === "onOperationStart"
          ? info.attempt && `#${info.attempt}`
          : undefined,
        info.outcome,
      ].filter((flag) => flag !== undefined && flag !== "");
      return [`${invocation} ${label} ${info.name ?? info.type} ${flags.join(" ")}`.trimEnd()];
    });
  }
}

/** Runs `handler` to the end with a {@link RecordingPlugin}. */
async function observe(handler: Parameters<typeof withDurableExecution>[0]) {
  const plugin = new RecordingPlugin();
  const { result } = await runLocally(withDurableExecution(handler, { plugins: [plugin] }));
  return { plugin, result };
}

/** A step policy: up to three attempts, five seconds apart. */
const threeAttempts = {
  retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 5 } }),
};

/** Steps, a wait, a step that succeeds on its second attempt, a child context with a nested step, a callback. */
function orderWorkflow(plugins: DurableInstrumentationPlugin[]) {
  return withDurableExecution(
    async (event: { orderId: string }, context) => {
      const order = await context.step("load", async () => ({ id: event.orderId, total: 30 }));
      await context.wait("cool-off", { seconds: 30 });
      const charged = await context.step(
        "charge",
        async ({ attempt }) => {
          if (attempt < 2) throw new Error("card network busy");
          return "charged";
        },
        threeAttempts,
      );
      const shipped = await context.runInChildContext("ship", async (child) =>
        child.step("label", async () => "L-1"),
      );
      const [approval] = await context.createCallback("approval");
      return { order, charged, shipped, approval: await approval };
    },
    { plugins },
  );
}

async function runOrderWorkflow(plugins: DurableInstrumentationPlugin[]) {
  const runner = new LocalDurableRunner({ handler: orderWorkflow(plugins) });
  try {
    const approval = runner.waitForOperation("approval");
    const running = runner.run({ input: { orderId: "o-1" } });
    await (await approval).sendCallbackSuccess("yes");
    return await running;
  } finally {
    await runner.close();
  }
}

describe("plugins observing a multi-invocation execution", () => {
  it("fire once per real event, with the replay flags of each invocation", async () => {
    const plugin = new RecordingPlugin();

    const result = await runOrderWorkflow([plugin]);

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(4);
    expect(plugin.lines()).toEqual([
      // 1: runs "load", starts the wait, suspends.
      "1 start load STARTED #1",
      "1 attempt load STARTED #1",
      "1 attempt-end load SUCCEEDED #1 SUCCEEDED",
      "1 end load SUCCEEDED",
      "1 start cool-off STARTED",
      "1 invocation-end PENDING",
      // 2: "load" replays silently; the wait ended since the last invocation; "charge" fails once.
      "2 end cool-off SUCCEEDED",
      "2 start charge STARTED #1",
      "2 attempt charge STARTED #1",
      "2 attempt-end charge PENDING #1 FAILED",
      "2 invocation-end PENDING",
      // 3: the wait replays; the retry is a resumed operation; the child runs live; the callback starts.
      "3 end cool-off SUCCEEDED replay",
      "3 start charge STARTED replay #2",
      "3 attempt charge STARTED #2",
      "3 attempt-end charge SUCCEEDED #2 SUCCEEDED",
      "3 end charge SUCCEEDED",
      "3 start ship STARTED",
      "3 wrap-child ship STARTED",
      "3 start label STARTED #1",
      "3 attempt label STARTED #1",
      "3 attempt-end label SUCCEEDED #1 SUCCEEDED",
      "3 end label SUCCEEDED",
      "3 end ship SUCCEEDED",
      "3 start approval STARTED",
      "3 invocation-end PENDING",
      // 4: only the callback, completed from outside since the last invocation, is news.
      "4 end cool-off SUCCEEDED replay",
      "4 end approval SUCCEEDED",
      "4 invocation-end SUCCEEDED",
    ]);
  });

  it("reports isFirstInvocation on both the start and the end of each invocation", async () => {
    const plugin = new RecordingPlugin();

    await runOrderWorkflow([plugin]);

    const starts = plugin.of("onInvocationStart").map(({ info }) => info.isFirstInvocation);
    const ends = plugin.of("onInvocationEnd").map(({ info }) => info.isFirstInvocation);
    expect(starts).toEqual([true, false, false, false]);
    expect(ends).toEqual([true, false, false, false]);
  });

  it("describes the invocation: request, execution, input, operations, updated operations", async () => {
    const plugin = new RecordingPlugin();

    const result = await runOrderWorkflow([plugin]);

    const [first, second] = plugin
      .of("onInvocationStart")
      .map(({ info }) => info as unknown as InvocationInfo);
    const wait = result.getOperation("cool-off");
    expect(first).toMatchObject({
      executionArn: result.executionArn,
      executionInput: { orderId: "o-1" },
      updatedOperations: {},
    });
    expect(first?.requestId).toBe(result.invocations[0]?.requestId);
    expect(first?.executionStartTimestamp).toBeInstanceOf(Date);
    expect(second?.executionStartTimestamp).toEqual(first?.executionStartTimestamp);
    expect(Object.values(first?.operations ?? {}).map((operation) => operation.type)).toEqual(["EXECUTION"]);
    // The wait ended between the first and the second invocation (conformance 10.9).
    expect(Object.keys(second?.updatedOperations ?? {})).toEqual([wait?.Id]);
    expect(second?.updatedOperations[wait?.Id as string]).toMatchObject({
      name: "cool-off",
      type: "WAIT",
      status: "SUCCEEDED",
    });
    expect(second?.operations[wait?.Id as string]).toBeDefined();
    const last = plugin.of("onInvocationEnd").at(-1)?.info as unknown as InvocationEndInfo;
    expect(last.status).toBe("SUCCEEDED");
    expect(last.executionResult).toEqual({
      order: { id: "o-1", total: 30 },
      charged: "charged",
      shipped: "L-1",
      approval: "yes",
    });
    expect(Object.keys(last.operations)).toHaveLength(result.operations.length);
  });

  it("gives every info the documented field types", async () => {
    const plugin = new RecordingPlugin();

    await runOrderWorkflow([plugin]);

    const first = (hook: Hook) => plugin.of(hook)[0]?.info;
    expect(first("onInvocationStart")).toMatchObject({
      requestId: expect.any(String),
      executionArn: expect.any(String),
      operations: expect.any(Object),
      updatedOperations: expect.any(Object),
      isFirstInvocation: true,
      executionStartTimestamp: expect.any(Date),
    });
    expect(first("onInvocationEnd")).toMatchObject({
      status: "PENDING",
      isFirstInvocation: true,
      operations: expect.any(Object),
    });
    const operation = {
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      type: "STEP",
      subType: "Step",
      name: "load",
    };
    expect(first("onOperationStart")).toEqual({
      ...operation,
      status: "STARTED",
      attempt: 1,
      isReplay: false,
    });
    expect(first("onOperationAttemptStart")).toEqual({
      ...operation,
      status: "STARTED",
      attempt: 1,
      startTimestamp: expect.any(Date),
      isReplay: false,
    });
    expect(first("onOperationAttemptEnd")).toEqual({
      ...operation,
      status: "SUCCEEDED",
      attempt: 1,
      outcome: "SUCCEEDED",
      result: '{"id":"o-1","total":30}',
      startTimestamp: expect.any(Date),
      endTimestamp: expect.any(Date),
      isReplay: false,
    });
    expect(first("wrapChildContextFn")).toEqual({
      id: expect.any(String),
      type: "CONTEXT",
      subType: "RunInChildContext",
      name: "ship",
      status: "STARTED",
      isReplay: false,
      isReplayingChildren: false,
    });
    expect(first("onOperationChange")).toEqual({
      executionArn: expect.any(String),
      updatedOperations: expect.any(Object),
      operations: expect.any(Object),
    });
  });

  it("uses the wire ids of the history, and the enclosing context's id as parentId", async () => {
    const plugin = new RecordingPlugin();

    const result = await runOrderWorkflow([plugin]);

    for (const { info } of plugin.of("onOperationStart")) {
      const operation = result.getOperationById(info.id as string);
      expect(operation?.Name).toBe(info.name);
      expect(operation?.Type).toBe(info.type);
      expect(operation?.SubType).toBe(info.subType);
    }
    const ship = result.getOperation("ship");
    const label = plugin.of("onOperationEnd").find(({ info }) => info.name === "label")?.info;
    expect(label?.parentId).toBe(ship?.Id);
    expect(
      plugin.of("onOperationEnd").find(({ info }) => info.name === "load")?.info.parentId,
    ).toBeUndefined();
  });

  it("carries the checkpointed result and the error in end and attempt-end infos", async () => {
    const plugin = new RecordingPlugin();

    await runOrderWorkflow([plugin]);

    const end = (name: string) =>
      plugin.of("onOperationEnd").find(({ info }) => info.name === name)?.info as unknown as OperationEndInfo;
    expect(end("load")).toMatchObject({
      type: "STEP",
      subType: "Step",
      status: "SUCCEEDED",
      result: '{"id":"o-1","total":30}',
      attempt: 1,
    });
    expect(end("load").startTimestamp).toBeInstanceOf(Date);
    expect(end("load").endTimestamp).toBeInstanceOf(Date);
    expect(end("ship")).toMatchObject({
      type: "CONTEXT",
      subType: "RunInChildContext",
      status: "SUCCEEDED",
      result: '"L-1"',
    });
    expect(end("approval")).toMatchObject({ type: "CALLBACK", status: "SUCCEEDED", result: "yes" });
    const failed = plugin.of("onOperationAttemptEnd").find(({ info }) => info.outcome === "FAILED")
      ?.info as unknown as AttemptEndInfo;
    expect(failed).toMatchObject({ name: "charge", attempt: 1, outcome: "FAILED" });
    expect(failed.error?.message).toBe("card network busy");
  });

  it("surrounds each attempt and child function with the wraps, inside the durable frame", async () => {
    const plugin = new RecordingPlugin();

    await runOrderWorkflow([plugin]);

    const attempts = plugin
      .of("wrapOperationAttemptFn")
      .map(({ invocation, info }) => `${invocation} ${info.name} #${info.attempt}`);
    expect(attempts).toEqual(["1 load #1", "2 charge #1", "3 charge #2", "3 label #1"]);
    expect(plugin.of("wrapInvocation")).toHaveLength(4);
  });
});

describe("compared with the official SDK", () => {
  /** The fields both engines report the same way (ours adds attempt numbers and statuses where the official SDK has none). */
  function comparable(plugin: RecordingPlugin): string[] {
    return plugin.events.flatMap(({ hook, invocation, info }) => {
      const label = HOOK_LABELS[hook];
      if (label === undefined) return [];
      const fields = [invocation, label, info.name, info.subType, info.isReplay === true ? "replay" : ""];
      if (hook === "onInvocationStart") fields.push(`first=${info.isFirstInvocation}`);
      if (hook === "onInvocationEnd" || hook === "onOperationEnd" || hook === "onOperationStart")
        fields.push(info.status);
      if (hook === "onOperationAttemptStart" || hook === "onOperationAttemptEnd")
        fields.push(`#${info.attempt}`);
      if (hook === "onOperationAttemptEnd")
        fields.push(info.outcome, info.result, (info.error as Error | undefined)?.message);
      if (hook === "onOperationEnd" && info.type !== "CONTEXT") fields.push(info.result);
      return [fields.filter((field) => field !== undefined && field !== "").join(" ")];
    });
  }

  it("fires the same hooks with the same flags for the same execution", async () => {
    const ours = new RecordingPlugin();
    const official = new RecordingPlugin();
    const workflow = async (
      _event: unknown,
      context: Parameters<Parameters<typeof withDurableExecution>[0]>[1],
    ) => {
      await context.step("load", async () => ({ id: "o-1" }));
      await context.wait("cool-off", { seconds: 30 });
      await context.step(
        "charge",
        async ({ attempt }) => {
          if (attempt < 2) throw new Error("card network busy");
          return "charged";
        },
        threeAttempts,
      );
      await context.runInChildContext("ship", async (child) => child.step("label", async () => "L-1"));
      await context.waitForCondition("poll", async (state: { n: number }) => ({ n: state.n + 1 }), {
        initialState: { n: 0 },
        waitStrategy: (state) =>
          state.n < 2 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false },
      });
      return "done";
    };

    const ourRun = await runLocally(withDurableExecution(workflow, { plugins: [ours] }));
    const officialHandler = withOfficialDurableExecution(workflow as never, { plugins: [official] as never });
    const officialRun = await runLocally(officialHandler as never);

    expect(ourRun.result.status).toBe("SUCCEEDED");
    expect(officialRun.result.status).toBe("SUCCEEDED");
    expect(comparable(ours)).toEqual(comparable(official));
    expect(comparable(ours)).toContain("3 start charge Step replay STARTED");
  });
});

describe("replay rules", () => {
  it("re-fires the start of a wait still pending with isReplay, and its end once it completes", async () => {
    const plugin = new RecordingPlugin();
    let nudge: Promise<OperationHandle> | undefined;
    // Completes the callback once the first invocation has suspended, so the second one is
    // invoked for it while the wait is still running.
    const nudger: DurableInstrumentationPlugin = {
      async onInvocationEnd(info) {
        if (info.isFirstInvocation) await (await nudge)?.sendCallbackSuccess("go");
      },
    };
    const handler = withDurableExecution(
      async (_event, context) => {
        const [nudged] = await context.createCallback("nudge");
        const long = context.wait("long", { hours: 1 });
        await nudged;
        await long;
        return "done";
      },
      { plugins: [plugin, nudger] },
    );
    const runner = new LocalDurableRunner({ handler });
    nudge = runner.waitForOperation("nudge");
    const result = await runner.run();
    await runner.close();

    expect(result.status).toBe("SUCCEEDED");
    expect(plugin.lines()).toEqual([
      "1 start nudge STARTED",
      "1 start long STARTED",
      "1 invocation-end PENDING",
      "2 end nudge SUCCEEDED",
      "2 start long STARTED replay",
      "2 invocation-end PENDING",
      "3 end nudge SUCCEEDED replay",
      "3 end long SUCCEEDED",
      "3 invocation-end SUCCEEDED",
    ]);
  });

  it("reports a child context resumed in a later invocation as a replay that replays its children", async () => {
    const { plugin, result } = await observe(async (_event, context) =>
      context.runInChildContext("batch", async (child) => {
        await child.step("first", async () => 1);
        await child.wait({ seconds: 5 });
        return child.step("second", async () => 2);
      }),
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(plugin.lines().filter((line) => line.includes("batch"))).toEqual([
      "1 start batch STARTED",
      "1 wrap-child batch STARTED",
      "2 start batch STARTED replay",
      "2 wrap-child batch STARTED replay replaying-children",
      "2 end batch SUCCEEDED",
    ]);
  });

  it("wraps a large-result context rebuilt by replay, without firing its start or end again", async () => {
    const { plugin, result } = await observe(async (_event, context) => {
      const big = await context.runInChildContext("big", async (child) => {
        const part = await child.step("part", async () => "x".repeat(1024));
        return part.repeat(300);
      });
      await context.wait({ seconds: 1 });
      return big.length;
    });

    expect(result.result).toBe(300 * 1024);
    expect(plugin.lines().filter((line) => line.includes("big"))).toEqual([
      "1 start big STARTED",
      "1 wrap-child big STARTED",
      "1 end big SUCCEEDED",
      "2 wrap-child big SUCCEEDED replay replaying-children",
    ]);
  });

  it("fires nothing for steps and contexts that finished in an earlier invocation", async () => {
    const { plugin, result } = await observe(async (_event, context) => {
      await context.step("once", async () => 1);
      await context.runInChildContext("done-context", async (child) => child.step("inner", async () => 2));
      await context.wait({ seconds: 1 });
      await context.wait({ seconds: 1 });
      return "ok";
    });

    expect(result.invocations).toHaveLength(3);
    const named = (name: string) =>
      plugin.events.filter(({ info }) => info.name === name).map(({ invocation }) => invocation);
    expect(new Set(named("once"))).toEqual(new Set([1]));
    expect(new Set(named("done-context"))).toEqual(new Set([1]));
    expect(new Set(named("inner"))).toEqual(new Set([1]));
  });

  it("reports every attempt of a step that exhausts its retries, then its failure", async () => {
    const { plugin, result } = await observe(async (_event, context) => {
      try {
        await context.step(
          "doomed",
          async () => {
            throw new Error("always fails");
          },
          threeAttempts,
        );
      } catch (error) {
        return `gave up: ${(error as Error).message}`;
      }
      return "unreachable";
    });

    expect(result.result).toBe("gave up: always fails");
    expect(plugin.lines()).toEqual([
      "1 start doomed STARTED #1",
      "1 attempt doomed STARTED #1",
      "1 attempt-end doomed PENDING #1 FAILED",
      "1 invocation-end PENDING",
      "2 start doomed STARTED replay #2",
      "2 attempt doomed STARTED #2",
      "2 attempt-end doomed PENDING #2 FAILED",
      "2 invocation-end PENDING",
      "3 start doomed STARTED replay #3",
      "3 attempt doomed STARTED #3",
      "3 attempt-end doomed FAILED #3 FAILED",
      "3 end doomed FAILED",
      "3 invocation-end SUCCEEDED",
    ]);
    const end = plugin.of("onOperationEnd")[0]?.info as unknown as OperationEndInfo;
    expect(end.error?.message).toBe("always fails");
  });

  it("reports each check of waitForCondition as an attempt", async () => {
    const { plugin, result } = await observe(async (_event, context) =>
      context.waitForCondition("poll", async (state: { n: number }) => ({ n: state.n + 1 }), {
        initialState: { n: 0 },
        waitStrategy: (state) =>
          state.n < 2 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false },
      }),
    );

    expect(result.result).toEqual({ n: 2 });
    expect(plugin.lines().filter((line) => !line.includes("invocation-end"))).toEqual([
      "1 start poll STARTED #1",
      "1 attempt poll STARTED #1",
      "1 attempt-end poll PENDING #1 SUCCEEDED",
      "2 start poll STARTED replay #2",
      "2 attempt poll STARTED #2",
      "2 attempt-end poll SUCCEEDED #2 SUCCEEDED",
      "2 end poll SUCCEEDED",
    ]);
  });

  it("reports a chained invoke's start and end", async () => {
    const plugin = new RecordingPlugin();
    const handler = withDurableExecution(
      async (_event, context) => context.invoke("price", "pricing", { sku: "a" }),
      {
        plugins: [plugin],
      },
    );
    const runner = new LocalDurableRunner({ handler });
    runner.registerFunction("pricing", async () => ({ price: 5 }));

    const result = await runner.run();
    await runner.close();

    expect(result.result).toEqual({ price: 5 });
    expect(plugin.lines()).toEqual([
      "1 start price STARTED",
      "1 invocation-end PENDING",
      "2 end price SUCCEEDED",
      "2 invocation-end SUCCEEDED",
    ]);
    expect(plugin.of("onOperationEnd")[0]?.info).toMatchObject({
      type: "CHAINED_INVOKE",
      result: '{"price":5}',
    });
  });
});

describe("batches and composed operations", () => {
  it("reports each parallel branch as a child context, wrapped, with its steps nested in it", async () => {
    const { plugin, result } = await observe(async (_event, context) => {
      const branches = await context.parallel("fan-out", [
        { name: "left", func: async (ctx) => ctx.step("l", async () => "L") },
        { name: "right", func: async (ctx) => ctx.step("r", async () => "R") },
      ]);
      return branches.getResults();
    });

    expect(result.result).toEqual(["L", "R"]);
    const started = plugin.of("onOperationStart").map(({ info }) => `${info.name} ${info.subType}`);
    expect(started).toEqual(
      expect.arrayContaining([
        "fan-out Parallel",
        "left ParallelBranch",
        "right ParallelBranch",
        "l Step",
        "r Step",
      ]),
    );
    const wrapped = plugin.of("wrapChildContextFn").map(({ info }) => info.name);
    expect(wrapped).toEqual(expect.arrayContaining(["fan-out", "left", "right"]));
    const left = result.getOperation("left");
    expect(plugin.of("onOperationEnd").find(({ info }) => info.name === "l")?.info.parentId).toBe(left?.Id);
    const ended = plugin.of("onOperationEnd").map(({ info }) => `${info.name} ${info.status}`);
    expect(ended).toEqual(expect.arrayContaining(["left SUCCEEDED", "right SUCCEEDED", "fan-out SUCCEEDED"]));
  });

  it("reports map items, and nothing for a map that finished in an earlier invocation", async () => {
    const { plugin, result } = await observe(async (_event, context) => {
      const doubled = await context.map("double", [1, 2], async (ctx, item) =>
        ctx.step(async () => item * 2),
      );
      await context.wait({ seconds: 1 });
      return doubled.getResults();
    });

    expect(result.result).toEqual([2, 4]);
    const items = plugin.of("onOperationEnd").filter(({ info }) => info.subType === "MapIteration");
    expect(items.map(({ invocation, info }) => `${invocation} ${info.status}`)).toEqual([
      "1 SUCCEEDED",
      "1 SUCCEEDED",
    ]);
    expect(
      plugin.events.filter(({ invocation, info }) => invocation === 2 && info.subType === "Map"),
    ).toEqual([]);
  });

  it("reports waitForCallback as its context, its callback and its submitter step", async () => {
    const plugin = new RecordingPlugin();
    const handler = withDurableExecution(
      async (_event, context) => context.waitForCallback("approve", async () => undefined),
      { plugins: [plugin] },
    );
    const runner = new LocalDurableRunner({ handler });
    const running = runner.run({
      onOperationUpdate: (operation, handle) => {
        if (operation.Type === "CALLBACK" && operation.Status === "STARTED")
          void handle.sendCallbackSuccess("ok");
      },
    });

    const result = await running;
    await runner.close();

    expect(result.result).toBe("ok");
    const types = plugin.of("onOperationStart").map(({ info }) => `${info.type} ${info.subType}`);
    expect(types).toEqual(["CONTEXT WaitForCallback", "CALLBACK Callback", "STEP Step"]);
    const context = result.getOperation("approve");
    for (const { info } of plugin.of("onOperationStart").slice(1)) expect(info.parentId).toBe(context?.Id);
    const ends = plugin.of("onOperationEnd").map(({ info }) => `${info.type} ${info.status}`);
    expect(ends).toEqual(
      expect.arrayContaining(["STEP SUCCEEDED", "CALLBACK SUCCEEDED", "CONTEXT SUCCEEDED"]),
    );
  });
});

describe("invocation end status", () => {
  it("is FAILED with the error when the handler throws", async () => {
    const { plugin, result } = await observe(async (_event, context) => {
      await context.step("ok", async () => 1);
      throw new RangeError("order total out of range");
    });

    expect(result.status).toBe("FAILED");
    const end = plugin.of("onInvocationEnd")[0]?.info as unknown as InvocationEndInfo;
    expect(end.status).toBe("FAILED");
    expect(end.executionError).toBeInstanceOf(RangeError);
    expect(end.executionError?.message).toBe("order total out of range");
  });

  it("is RETRYING when the invocation throws so Lambda retries it", async () => {
    const plugin = new RecordingPlugin();
    const handler = withDurableExecution(async (_event, context) => context.step("a", async () => 1), {
      plugins: [plugin],
    });
    const runner = new LocalDurableRunner({ handler });
    runner.service.injectFault({ api: "checkpoint", error: "server", times: 1 });

    const result = await runner.run();
    await runner.close();

    expect(result.status).toBe("SUCCEEDED");
    const statuses = plugin.of("onInvocationEnd").map(({ info }) => info.status);
    expect(statuses).toEqual(["RETRYING", "SUCCEEDED"]);
    const retrying = plugin.of("onInvocationEnd")[0]?.info as unknown as InvocationEndInfo | undefined;
    expect(retrying?.executionError?.name).toBe("CheckpointUnrecoverableInvocationError");
  });

  it("is awaited before the response is returned", async () => {
    const flushed: boolean[] = [];
    let flushing = false;
    const flushingPlugin: DurableInstrumentationPlugin = {
      async onInvocationEnd() {
        flushing = true;
        await new Promise((resolve) => setImmediate(resolve));
        flushing = false;
      },
    };
    const inner = withDurableExecution(async (_event, context) => context.wait({ seconds: 1 }), {
      plugins: [flushingPlugin],
    });
    const handler: typeof inner = async (event, lambdaContext) => {
      const output = await inner(event, lambdaContext);
      flushed.push(!flushing);
      return output;
    };

    await runLocally(handler);

    expect(flushed).toEqual([true, true]);
  });
});

describe("a faulty plugin", () => {
  /** Throws (or rejects) in every hook, and its wraps misbehave in every way the contract forbids. */
  function faultyPlugins(): DurableInstrumentationPlugin[] {
    const observers = [
      "onInvocationStart",
      "onInvocationEnd",
      "onOperationStart",
      "onOperationEnd",
      "onOperationAttemptStart",
      "onOperationAttemptEnd",
      "onOperationChange",
    ] as const;
    const every = (hooks: readonly string[], behaviour: () => unknown) =>
      Object.fromEntries(hooks.map((hook) => [hook, behaviour])) as DurableInstrumentationPlugin;
    const thrower = (): never => {
      throw new Error("plugin bug");
    };
    return [
      every(
        [...observers, "enrichLogContext", "wrapInvocation", "wrapChildContextFn", "wrapOperationAttemptFn"],
        thrower,
      ),
      {
        ...every(observers, () => Promise.reject(new Error("plugin bug"))),
        // Swallows the user's errors and replaces results.
        wrapInvocation: async (_info, fn) => {
          await fn().catch(() => undefined);
          return { Status: "SUCCEEDED", Result: '"hijacked"' };
        },
        wrapChildContextFn: async (_info, fn) => {
          try {
            await fn();
          } catch {
            // swallowed
          }
          return "hijacked";
        },
        wrapOperationAttemptFn: async (_info, fn) => {
          try {
            await fn();
            await fn();
          } catch {
            // swallowed
          }
          return "hijacked";
        },
      },
      // Never calls fn.
      {
        wrapInvocation: async () => ({ Status: "SUCCEEDED", Result: '"skipped"' }),
        wrapOperationAttemptFn: () => "skipped",
        wrapChildContextFn: async () => "skipped",
      },
    ];
  }

  function handlerWith(plugins: DurableInstrumentationPlugin[], runs: Record<string, number>) {
    return withDurableExecution(
      async (_event, context) => {
        const count = (name: string) => {
          runs[name] = (runs[name] ?? 0) + 1;
          return runs[name];
        };
        const value = await context.step("value", async () => count("value"));
        const retried = await context.step(
          "retried",
          async () => {
            if ((count("retried") ?? 0) < 2) throw new Error("first attempt fails");
            return "second attempt";
          },
          threeAttempts,
        );
        const child = await context.runInChildContext("child", async (ctx) => {
          await ctx.wait({ seconds: 2 });
          return ctx.step("nested", async () => count("nested"));
        });
        let caught = "none";
        try {
          await context.runInChildContext("failing", async () => {
            throw new Error("child failure");
          });
        } catch (error) {
          caught = (error as Error).message;
        }
        return { value, retried, child, caught };
      },
      { plugins },
    );
  }

  it("changes nothing: same result, history and user-code runs as without plugins", async () => {
    const bareRuns: Record<string, number> = {};
    const faultyRuns: Record<string, number> = {};

    const bare = await runLocally(handlerWith([], bareRuns));
    const faulty = await runLocally(handlerWith(faultyPlugins(), faultyRuns));

    expect(faulty.result.status).toBe("SUCCEEDED");
    expect(faulty.result.result).toEqual({
      value: 1,
      retried: "second attempt",
      child: 1,
      caught: "child failure",
    });
    expect(faulty.result.result).toEqual(bare.result.result);
    expect(faulty.result.eventTypes()).toEqual(bare.result.eventTypes());
    expect(faulty.result.invocations.map((invocation) => invocation.output?.Status)).toEqual(
      bare.result.invocations.map((invocation) => invocation.output?.Status),
    );
    expect(faultyRuns).toEqual(bareRuns);
  });

  it("does not block a healthy plugin: it sees exactly what it sees alone", async () => {
    const alone = new RecordingPlugin();
    const beside = new RecordingPlugin();

    await runLocally(handlerWith([alone], {}));
    await runLocally(handlerWith([...faultyPlugins(), beside], {}));

    expect(beside.lines()).toEqual(alone.lines());
    expect(beside.lines()).toContain("2 attempt-end retried SUCCEEDED #2 SUCCEEDED");
  });

  it("keeps the default logger working when enrichLogContext throws", async () => {
    const handler = withDurableExecution(
      async (_event, context) => {
        context.logger.info("still logged");
        return "ok";
      },
      { plugins: faultyPlugins() },
    );

    const { lines } = await captureOutput(() => runLocally(handler));

    expect(lines.map((line) => line.message)).toEqual(["still logged"]);
  });
});

describe("several plugins", () => {
  it("nest wraps in array order and all observe every hook", async () => {
    const log: string[] = [];
    const tracer = (name: string): DurableInstrumentationPlugin => ({
      onOperationStart: (info) => void log.push(`${name} start ${info.name}`),
      wrapOperationAttemptFn: async (_info, fn) => {
        log.push(`${name} enter`);
        try {
          return await fn();
        } finally {
          log.push(`${name} exit`);
        }
      },
    });
    const handler = withDurableExecution(
      async (_event, context) =>
        context.step("work", async () => {
          log.push("fn");
          return 1;
        }),
      { plugins: [tracer("outer"), tracer("inner")] },
    );

    await runLocally(handler);

    expect(log).toEqual([
      "outer start work",
      "inner start work",
      "outer enter",
      "inner enter",
      "fn",
      "inner exit",
      "outer exit",
    ]);
  });

  it("run a hook of every plugin concurrently, each awaited before the operation goes on", async () => {
    const log: string[] = [];
    const slow = (name: string): DurableInstrumentationPlugin => ({
      async onOperationAttemptStart() {
        log.push(`${name} begin`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`${name} done`);
      },
    });
    const handler = withDurableExecution(
      async (_event, context) =>
        context.step("work", async () => {
          log.push("fn");
        }),
      { plugins: [slow("a"), slow("b")] },
    );

    await runLocally(handler);

    expect(log).toEqual(["a begin", "b begin", "a done", "b done", "fn"]);
  });
});

describe("wrap hooks and AsyncLocalStorage", () => {
  it("make what a wrap sets up visible to the handler, to steps and to child functions", async () => {
    const spans = new AsyncLocalStorage<string>();
    const seen: Record<string, string | undefined> = {};
    const tracing: DurableInstrumentationPlugin = {
      wrapInvocation: (_info, fn) => spans.run("invocation", fn),
      wrapOperationAttemptFn: (info, fn) => spans.run(`attempt ${info.name}`, fn),
      wrapChildContextFn: (info, fn) => spans.run(`child ${info.name}`, fn),
    };
    const handler = withDurableExecution(
      async (_event, context) => {
        seen.handler = spans.getStore();
        await context.step("work", async () => {
          seen.step = spans.getStore();
        });
        await context.runInChildContext("group", async () => {
          seen.child = spans.getStore();
        });
        seen.after = spans.getStore();
        return "ok";
      },
      { plugins: [tracing] },
    );

    await runLocally(handler);

    expect(seen).toEqual({
      handler: "invocation",
      step: "attempt work",
      child: "child group",
      after: "invocation",
    });
  });

  it("run the attempt and child wraps inside the operation's durable frame", async () => {
    let loggingContext: DurableLoggingContext | undefined;
    const logger: DurableLogger = {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
      configureDurableLoggingContext: (received) => {
        loggingContext = received;
      },
    };
    const framesSeen: unknown[] = [];
    const probe: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: (_info, fn) => {
        const { operationName, attempt } = loggingContext?.getDurableLogData() ?? {};
        framesSeen.push({ operationName, attempt });
        return fn();
      },
      wrapChildContextFn: (_info, fn) => {
        framesSeen.push({ operationName: loggingContext?.getDurableLogData().operationName });
        return fn();
      },
    };
    const handler = withDurableExecution(
      async (_event, context) => {
        await context.step("framed", async () => 1);
        return context.runInChildContext("group", async () => 2);
      },
      { plugins: [probe], logger },
    );

    await runLocally(handler);

    expect(framesSeen).toEqual([{ operationName: "framed", attempt: 1 }, { operationName: "group" }]);
  });
});

describe("onOperationChange", () => {
  it("lists the operations a checkpoint response changed, a subset of all operations", async () => {
    const plugin = new RecordingPlugin();

    await runOrderWorkflow([plugin]);

    const changes = plugin.of("onOperationChange").map(({ info }) => info as unknown as OperationChangeInfo);
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(typeof change.executionArn).toBe("string");
      const updated = Object.keys(change.updatedOperations);
      expect(updated.length).toBeGreaterThan(0);
      for (const id of updated) {
        expect(change.operations[id]).toBeDefined();
        expect(change.operations[id]?.status).toBe(change.updatedOperations[id]?.status);
      }
    }
    const statuses = changes.flatMap((change) =>
      Object.values(change.updatedOperations).map((info) => `${info.name} ${info.status}`),
    );
    expect(statuses).toContain("load SUCCEEDED");
    expect(statuses).toContain("charge PENDING");
  });
});

describe("enrichLogContext", () => {
  it("adds the plugins' keys to every default-logger record, without replacing durable keys", async () => {
    const plugin: DurableInstrumentationPlugin = {
      enrichLogContext: () => ({ traceId: "1-abc", sampled: true, executionArn: "not mine" }),
    };
    const handler = withDurableExecution(
      async (_event, context) => {
        context.logger.info("top level");
        await context.step("work", async ({ logger }) => logger.warn("in step"));
        return "ok";
      },
      { plugins: [plugin] },
    );

    const { value, lines } = await captureOutput(() => runLocally(handler));

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({
        traceId: "1-abc",
        sampled: true,
        executionArn: value.result.executionArn,
      });
    }
  });
});

describe("plugin configuration", () => {
  it("rejects plugins that are not an array of objects when the handler is wrapped", () => {
    const handler = async () => "never";
    const notAList = { plugins: "tracing" } as unknown as { plugins: DurableInstrumentationPlugin[] };
    const notObjects = { plugins: [null] } as unknown as { plugins: DurableInstrumentationPlugin[] };

    expect(() => withDurableExecution(handler, notAList)).toThrow(
      /`plugins` must be an array of plugin objects/,
    );
    expect(() => withDurableExecution(handler, notObjects)).toThrow(
      /`plugins` must be an array of plugin objects/,
    );
  });
});
