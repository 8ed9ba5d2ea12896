import * as official from "@aws/durable-execution-sdk-js";
import * as ours from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { checkpointRequests } from "../support/harness.js";

type Engine = typeof ours;
type EngineName = "official" | "ours";
const engines: Record<EngineName, Engine> = { official: official as unknown as Engine, ours };
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

/** Every kind of context, nested, finished before a wait: later invocations start with their records. */
const workflow =
  (engine: Engine): ours.DurableExecutionHandler =>
  async (_event, context) => {
    const outer = await context.runInChildContext("outer", async (child) => {
      const a = await child.step("a", async () => 1);
      const inner = await child.runInChildContext("inner", async (grandchild) =>
        grandchild.runInChildContext("innermost", async (deepest) => deepest.step("deep", async () => 2)),
      );
      return a + inner;
    });
    const mapped = await context.map("items", [1, 2], async (item, value) =>
      item.runInChildContext("per-item", async (child) => child.step("double", async () => value * 2)),
    );
    const flat = await context.map(
      "flat",
      [3],
      async (item, value) => item.step("triple", async () => value * 3),
      {
        nesting: engine.NestingType.FLAT,
      },
    );
    // Completes after its first item: the others never start, and the kept result lists one item.
    const firstOnly = await context.map(
      "first-only",
      [4, 5, 6],
      async (item, value) => item.step(async () => value),
      {
        maxConcurrency: 1,
        completionConfig: { minSuccessful: 1 },
      },
    );
    const branches = await context.parallel(
      "branches",
      [
        async (branch) => branch.step("ok", async () => "ok"),
        async (branch) =>
          branch.step(
            "bad",
            async () => {
              throw new RangeError("bad branch");
            },
            noRetry,
          ),
      ],
      { completionConfig: { toleratedFailureCount: 1 } },
    );
    const failed = await context
      .runInChildContext("failing", async (child) => {
        await child.step("before", async () => 0);
        throw new TypeError("child failed");
      })
      .catch((error: Error) => error.message);
    const both = await context.promise.all("both", [
      context.step("p1", async () => 1),
      context.step("p2", async () => 2),
    ]);
    await context.wait("pause", { seconds: 30 });
    const after = await context.step("after", async () => "done");
    return [
      outer,
      mapped.getResults(),
      flat.getResults(),
      firstOnly.getResults(),
      firstOnly.completionReason,
      branches.successCount,
      failed,
      both,
      after,
    ];
  };

/** What a plugin sees of the operations an invocation starts with (the EXECUTION's id is per run). */
function describeOperations(operations: Record<string, ours.OperationInfo>): string[] {
  return Object.values(operations)
    .map((op) => {
      const id = op.type === "EXECUTION" ? "<execution>" : op.id;
      return `${id} ${op.type}/${op.subType ?? ""} ${op.name ?? ""} ${op.status ?? ""} parent=${op.parentId ?? ""}`;
    })
    .sort();
}

async function run(
  engineFor: (invocation: number) => EngineName,
  pluginsConfig: ours.PluginsConfig | undefined,
) {
  const seen: string[][] = [];
  const ended: string[] = [];
  const hooks: string[] = [];
  const plugin: ours.DurableInstrumentationPlugin = {
    onInvocationStart: async (info) => void seen.push(describeOperations(info.operations)),
    onInvocationEnd: async (info) => void ended.push(info.status),
    onOperationStart: async (info) => void hooks.push(`start ${info.name} replay=${info.isReplay}`),
    onOperationEnd: async (info) => void hooks.push(`end ${info.name} ${info.status}`),
    wrapChildContextFn: (info, fn) => {
      hooks.push(`wrap ${info.name} replayingChildren=${info.isReplayingChildren}`);
      return fn();
    },
  };
  const config = pluginsConfig === undefined ? { plugins: [plugin] } : { plugins: [plugin], pluginsConfig };
  const handlers = {
    official: official.withDurableExecution(workflow(engines.official) as never, config as never),
    ours: ours.withDurableExecution(workflow(ours), config),
  };
  let invocation = 0;
  const runner = new LocalDurableRunner({
    handler: (event, context) => handlers[engineFor(invocation++)](event as never, context as never) as never,
  });
  try {
    const result = await runner.run({ input: {} });
    return {
      status: result.status,
      result: result.rawResult,
      error: result.error,
      updates: checkpointRequests(runner.service).flat(),
      seen,
      ended,
      hooks,
    };
  } finally {
    await runner.close();
  }
}

const DEPTHS: Array<number | undefined> = [undefined, 0, 1, 2, 3, Number.POSITIVE_INFINITY];

describe("pluginsConfig.childOperationsDepth keeps what the official SDK keeps", () => {
  it.each(DEPTHS)(
    "depth %s: the same checkpoint updates and the same operations seen by plugins later",
    async (depth) => {
      const pluginsConfig = depth === undefined ? undefined : { childOperationsDepth: depth };

      const fromOfficial = await run(() => "official", pluginsConfig);
      const fromOurs = await run(() => "ours", pluginsConfig);

      expect(fromOurs.status).toBe("SUCCEEDED");
      expect(fromOurs.result).toBe(fromOfficial.result);
      expect(fromOurs.updates).toEqual(fromOfficial.updates);
      expect(fromOurs.seen).toEqual(fromOfficial.seen);
      expect(fromOurs.ended).toEqual(fromOfficial.ended);
    },
  );

  it("keeps more of the tree in the later invocation's state as the depth grows", async () => {
    const visible: number[] = [];
    for (const depth of [0, 1, 2, 3, 4]) {
      const { seen } = await run(() => "ours", { childOperationsDepth: depth });
      visible.push(seen[1]?.length ?? 0);
    }

    // 0: top-level operations only; each level adds the children of the contexts above it.
    for (let level = 1; level < visible.length - 1; level++) {
      expect(visible[level]).toBeGreaterThan(visible[level - 1] as number);
    }
    expect(visible[4]).toBe(visible[3]);
  });

  it("lets an execution switch engines between invocations with children kept", async () => {
    const pluginsConfig = { childOperationsDepth: 2 };

    const alone = await run(() => "official", pluginsConfig);
    const alternating = await run((n) => (n % 2 === 0 ? "ours" : "official"), pluginsConfig);

    expect(alternating.result).toBe(alone.result);
    expect(alternating.updates).toEqual(alone.updates);
    expect(alternating.seen).toEqual(alone.seen);
  });
});

describe("an invalid childOperationsDepth fails the execution before the handler runs", () => {
  it.each([-1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY, "2"])("%s", async (depth) => {
    const pluginsConfig = { childOperationsDepth: depth as number };

    const fromOfficial = await run(() => "official", pluginsConfig);
    const fromOurs = await run(() => "ours", pluginsConfig);

    expect(fromOurs.status).toBe("FAILED");
    expect(fromOurs.updates).toEqual(fromOfficial.updates);
    expect(fromOurs.updates).toEqual([]);
    expect(fromOurs.error?.ErrorMessage).toContain(fromOfficial.error?.ErrorMessage as string);
    expect(fromOurs.error?.ErrorMessage).toMatch(
      /^pluginsConfig\.childOperationsDepth must be a non-negative integer or Infinity; got .+\. Use 0/,
    );
    expect(fromOurs.ended).toEqual(fromOfficial.ended);
    expect(fromOurs.error?.ErrorType).toBe("DurableConfigurationError");
  });

  it("rejects an unknown key or a non-object pluginsConfig when the handler is wrapped", () => {
    const wrap = (pluginsConfig: unknown) => () =>
      ours.withDurableExecution(async () => 1, { pluginsConfig } as ours.DurableExecutionConfig);

    expect(wrap({ childOperationDepth: 1 })).toThrow(
      /unknown option "childOperationDepth". Known options: childOperationsDepth/,
    );
    expect(wrap(3)).toThrow(/`pluginsConfig` must be an object, for example \{ childOperationsDepth: 1 \}/);
  });
});

describe("a kept batch that completed early replays as it completed", () => {
  it("an item still running at completion stays STARTED on replay instead of running again", async () => {
    const itemRuns: number[] = [];
    const handler = (pluginsConfig: ours.PluginsConfig) =>
      ours.withDurableExecution(
        async (_event, context) => {
          const batch = await context.map(
            "race",
            [0, 1],
            async (item, value) => {
              itemRuns.push(value);
              if (value === 1) await item.wait("slow", { seconds: 60 });
              return item.step("finish", async () => value);
            },
            { completionConfig: { minSuccessful: 1 } },
          );
          await context.wait("pause", { seconds: 120 });
          return batch.all.map((entry) => `${entry.index}:${entry.status}`);
        },
        { pluginsConfig },
      );
    const runWith = async (pluginsConfig: ours.PluginsConfig) => {
      itemRuns.length = 0;
      const runner = new LocalDurableRunner({ handler: handler(pluginsConfig) as never });
      try {
        const result = await runner.run({ input: {} });
        return {
          status: result.status,
          result: result.result,
          invocations: result.invocations.length,
          runs: [...itemRuns],
        };
      } finally {
        await runner.close();
      }
    };

    const kept = await runWith({ childOperationsDepth: 1 });
    const pruned = await runWith({ childOperationsDepth: 0 });

    expect(kept).toEqual(pruned);
    expect(kept).toMatchObject({ status: "SUCCEEDED", result: ["0:SUCCEEDED", "1:STARTED"] });
  });
});
