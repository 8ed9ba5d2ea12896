import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  DurableConfigurationError,
  type DurableContext,
  type DurableLambdaHandler,
  StepSemantics,
  withDurableExecution,
} from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkpointRequests, localLambdaClient, runLocally } from "../support/harness.js";

/** Resolves after a few macrotasks: a step awaiting I/O, without wall-clock time. */
async function someIo(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function sequence(count: number, context: DurableContext) {
  return (async () => {
    let sum = 0;
    for (let index = 1; index <= count; index++) sum += await context.step(`s${index}`, async () => index);
    return sum;
  })();
}

describe("default mode sends no request nobody waits for", () => {
  // The START's linger timer must not fire on a slow machine while the step's I/O is pending.
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  afterEach(() => vi.useRealTimers());

  it("sends a step's START with its SUCCEED when the step awaits I/O", async () => {
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      const a = await context.step("a", async () => {
        await someIo();
        return 1;
      });
      return a + (await context.step("b", async () => 2));
    });

    const { result, service } = await runLocally(handler);

    expect(result.result).toBe(3);
    expect(checkpointRequests(service).map((updates) => updates.map((u) => `${u.Name} ${u.Action}`))).toEqual(
      [
        ["a START", "a SUCCEED"],
        ["b START", "b SUCCEED"],
      ],
    );
  });
});

describe("deferred checkpoints", () => {
  it("run many steps with one request when the execution defers", async () => {
    const handler = withDurableExecution(async (_event: unknown, context) => sequence(100, context), {
      deferredCheckpoints: true,
    });

    const { result, service } = await runLocally(handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe(5050);
    const requests = checkpointRequests(service);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toHaveLength(200);
  });

  it("write the queued results before a wait, in order, in the wait's request", async () => {
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      const a = await context.step("a", async () => 1, { deferCheckpoint: true });
      const b = await context.step("b", async () => 2, { deferCheckpoint: true });
      await context.wait("w", { seconds: 30 });
      return a + b;
    });

    const { result, service } = await runLocally(handler);

    expect(result.result).toBe(3);
    expect(checkpointRequests(service)[0]?.map((u) => `${u.Name} ${u.Action}`)).toEqual([
      "a START",
      "a SUCCEED",
      "b START",
      "b SUCCEED",
      "w START",
    ]);
  });

  it("let a step opt out of an execution's deferral", async () => {
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        const a = await context.step("a", async () => 1, { deferCheckpoint: false });
        return a + (await context.step("b", async () => 2));
      },
      { deferredCheckpoints: true },
    );

    const { service } = await runLocally(handler);

    expect(checkpointRequests(service).map((updates) => updates.map((u) => `${u.Name} ${u.Action}`))).toEqual(
      [
        ["a START", "a SUCCEED"],
        ["b START", "b SUCCEED"],
      ],
    );
  });

  it("never defer an at-most-once step, and reject one that asks to", async () => {
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) =>
      context.step("charge", async () => "charged", {
        semantics: StepSemantics.AtMostOncePerRetry,
        deferCheckpoint: true,
      }),
    );

    const { result } = await runLocally(handler);

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("DurableConfigurationError");
    expect(result.error?.ErrorMessage).toMatch(/"charge".*at-most-once.*deferCheckpoint: true/);
  });

  it("tell plugins a deferred step succeeded, with its result, before the write is answered", async () => {
    const ended: { name?: string; status?: string; result?: string }[] = [];
    const plugin = {
      onOperationEnd: (info: { name?: string; status?: string; result?: string }) => void ended.push(info),
    };
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => context.step("a", async () => ({ ok: true })),
      { deferredCheckpoints: true, plugins: [plugin] },
    );

    await runLocally(handler);

    expect(ended).toEqual([
      expect.objectContaining({ name: "a", status: "SUCCEEDED", result: '{"ok":true}' }),
    ]);
  });

  it("reject a deferredCheckpoints option that is not a boolean when the handler is wrapped", () => {
    expect(() =>
      withDurableExecution(async () => undefined, { deferredCheckpoints: "yes" as unknown as boolean }),
    ).toThrow(DurableConfigurationError);
  });
});

describe("deferred checkpoints over HTTP with the real AWS SDK client", () => {
  let runner: LocalDurableRunner | undefined;
  afterEach(async () => runner?.close());

  it("complete a multi-invocation execution", async () => {
    runner = new LocalDurableRunner({ handler: async (e, c) => handlerRef.current(e, c), transport: "http" });
    await runner.start();
    const client = localLambdaClient(runner.endpoint);
    const handlerRef = {
      current: withDurableExecution(
        async (_event: unknown, context: DurableContext) => {
          const first = await sequence(10, context);
          await context.wait({ minutes: 5 });
          return first + (await sequence(10, context));
        },
        { client, deferredCheckpoints: true },
      ),
    };

    const result = await runner.run({ input: {} });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe(110);
    expect(result.invocations).toHaveLength(2);
  });
});

describe("the README sample of deferred checkpoints", () => {
  it("writes the queued step results in the wait's request and returns the total", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Deferred checkpoints"));
    const source = /```ts runnable\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const builtEntry = new URL("../../dist/index.js", import.meta.url).href;
    const directory = await mkdtemp(join(tmpdir(), "durable-deferred-readme-"));
    try {
      const file = join(directory, "sample.ts");
      await writeFile(file, source.replaceAll('"@durable-lambda/core"', JSON.stringify(builtEntry)));
      const { handler } = (await import(pathToFileURL(file).href)) as { handler: DurableLambdaHandler };

      const { result, service } = await runLocally(handler, { rows: [1, 2, 3] });

      expect(result.result).toEqual({ total: 12 });
      expect(checkpointRequests(service)[0]?.map((u) => `${u.Name} ${u.Action}`)).toEqual([
        "score-0 START",
        "score-0 SUCCEED",
        "score-1 START",
        "score-1 SUCCEED",
        "score-2 START",
        "score-2 SUCCEED",
        "cool-off START",
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
