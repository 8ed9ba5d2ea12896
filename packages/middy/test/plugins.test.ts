import { AsyncLocalStorage } from "node:async_hooks";
import {
  createRetryStrategy,
  type DurableExecutionInvocationOutput,
  type DurableInstrumentationPlugin,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationEndInfo,
  type OperationInfo,
  withDurableExecution,
} from "@durable-lambda/core";
import { durable } from "@durable-lambda/middy";
import { LocalDurableRunner } from "@durable-lambda/testing";
import middy from "@middy/core";
import { describe, expect, it } from "vitest";
import { asLambdaHandler, type Workflow } from "./support/workflows.js";

/** The invocation a `wrapInvocation` plugin opened, as a tracer keeps its segment. */
const invocationScope = new AsyncLocalStorage<string>();

/** Records hooks, and opens an async scope around each invocation. */
class ScopePlugin implements DurableInstrumentationPlugin {
  readonly events: string[] = [];
  #invocations = 0;

  onInvocationStart(info: InvocationInfo): void {
    this.#invocations++;
    this.events.push(`start ${this.#invocations}${info.isFirstInvocation ? " (first)" : ""}`);
  }
  wrapInvocation(_info: InvocationInfo, fn: () => Promise<DurableExecutionInvocationOutput>) {
    return invocationScope.run(`invocation ${this.#invocations}`, fn);
  }
  onInvocationEnd(info: InvocationEndInfo): void {
    this.events.push(`end ${info.status}`);
  }
  onOperationStart(info: OperationInfo): void {
    this.events.push(`operation ${info.name ?? info.type} started`);
  }
  onOperationEnd(info: OperationEndInfo): void {
    this.events.push(`operation ${info.name ?? info.type} ${info.status}`);
  }
}

const retryOnce = createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 }, jitter: "NONE" });

/** Records the invocation scope each step function runs in. */
function scopedWorkflow(scopes: (string | undefined)[]): Workflow {
  let attempts = 0;
  return async (_event, context) => {
    await context.step("first", async () => scopes.push(invocationScope.getStore()));
    await context.wait({ minutes: 1 });
    await context.step(
      "second",
      async () => {
        scopes.push(invocationScope.getStore());
        if (attempts++ === 0) throw new Error("transient");
      },
      { retryStrategy: retryOnce },
    );
    return context.runInChildContext("child", async (child) =>
      child.step("third", async () => scopes.push(invocationScope.getStore())),
    );
  };
}

async function runWithPlugin(wrap: (workflow: Workflow, plugin: ScopePlugin) => unknown) {
  const plugin = new ScopePlugin();
  const scopes: (string | undefined)[] = [];
  const runner = new LocalDurableRunner({ handler: asLambdaHandler(wrap(scopedWorkflow(scopes), plugin)) });
  const result = await runner.run();
  return { status: result.status, events: plugin.events, scopes };
}

describe("plugins passed to durable()", () => {
  it("see the same hooks as under withDurableExecution, and user code runs in their invocation scope", async () => {
    const plain = await runWithPlugin((workflow, plugin) =>
      withDurableExecution(workflow, { plugins: [plugin] }),
    );
    const viaMiddy = await runWithPlugin((workflow, plugin) =>
      middy()
        .use(durable({ plugins: [plugin] }))
        .handler((event, context) => workflow(event as Record<string, unknown>, context)),
    );

    expect(viaMiddy).toEqual(plain);
    expect(viaMiddy.status).toBe("SUCCEEDED");
    expect(viaMiddy.events).toContain("start 1 (first)");
    expect(viaMiddy.events.filter((event) => event.startsWith("end "))).toEqual([
      "end PENDING",
      "end PENDING",
      "end SUCCEEDED",
    ]);
    expect(viaMiddy.scopes).toEqual(["invocation 1", "invocation 2", "invocation 3", "invocation 3"]);
  });
});
