import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import { createWaitStrategy, type DurableContext, withDurableExecution } from "@durable-lambda/core";
import { durable, type DurableContext as MiddyDurableContext } from "@durable-lambda/middy";
import { type LocalDurableHandler, LocalDurableRunner } from "@durable-lambda/testing";
import middy from "@middy/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DurableAnnotation, DurableTracer } from "../src/tracer/index.js";
import { runDurably } from "./support/harness.js";
import { type CapturedSubsegment, subsegmentsOf, traceInvocations } from "./support/xray.js";

const RETRY_ONCE = {
  retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }),
};
const HANDLER_NAME = "index.handler";

function createTracer(): DurableTracer {
  return new DurableTracer({ serviceName: "orders", captureHTTPsRequests: false });
}

/** Four invocations: a retried step, a wait, and a child context with a step and a wait. */
async function orderWorkflow(_event: unknown, context: DurableContext): Promise<string> {
  await context.step(
    "charge",
    async ({ attempt }) => {
      if (attempt === 1) throw new Error("card declined");
      return "charged";
    },
    RETRY_ONCE,
  );
  await context.wait("cool-down", { seconds: 30 });
  await context.runInChildContext("ship", async (child) => {
    await child.step("label", async () => "label-1");
    await child.wait("pickup", { seconds: 5 });
  });
  return "done";
}

function named(subsegments: readonly CapturedSubsegment[], name: string): CapturedSubsegment[] {
  return subsegments.filter((subsegment) => subsegment.name === name);
}

// Powertools traces only in Lambda: it checks AWS_EXECUTION_ENV when the tracer is created.
beforeEach(() => {
  vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs22.x");
  vi.stubEnv("_HANDLER", HANDLER_NAME);
});
afterEach(() => vi.unstubAllEnvs());

describe("DurableTracer plugin", () => {
  it("creates one subsegment per executed attempt, all closed before each invocation returns", async () => {
    const tracer = createTracer();
    const traced = traceInvocations(withDurableExecution(orderWorkflow, { plugins: [tracer.plugin()] }));

    const result = await runDurably(traced.handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(traced.invocations).toHaveLength(4);
    for (const invocation of traced.invocations) expect(invocation.openAtReturn).toEqual([]);
    const perInvocation = traced.invocations.map(({ segment }) => subsegmentsOf(segment));
    const attempts = perInvocation.map((subsegments) =>
      subsegments
        .filter((subsegment) => subsegment.annotations?.[DurableAnnotation.ATTEMPT] !== undefined)
        .map((subsegment) => [subsegment.name, subsegment.annotations?.[DurableAnnotation.ATTEMPT]]),
    );
    expect(attempts).toEqual([
      [["### Step charge", 1]],
      [["### Step charge", 2]],
      [["### Step label", 1]],
      [],
    ]);

    const [first, second, third, fourth] = perInvocation as CapturedSubsegment[][];
    const failed = named(first ?? [], "### Step charge")[0];
    expect(failed).toMatchObject({ fault: true, annotations: { [DurableAnnotation.REPLAY]: false } });
    expect(failed?.cause?.exceptions?.[0]?.message).toBe("card declined");
    expect(named(second ?? [], "### Step charge")[0]?.annotations).toMatchObject({
      [DurableAnnotation.OPERATION_NAME]: "charge",
      [DurableAnnotation.OPERATION_TYPE]: "Step",
      [DurableAnnotation.ATTEMPT]: 2,
      [DurableAnnotation.REPLAY]: false,
    });
    expect(named(second ?? [], "### Wait cool-down")[0]?.annotations).toMatchObject({
      [DurableAnnotation.EVENT]: "started",
    });
    expect(named(third ?? [], "### Wait cool-down")[0]?.annotations).toMatchObject({
      [DurableAnnotation.EVENT]: "ended",
      [DurableAnnotation.REPLAY]: false,
    });
    const ship = named(third ?? [], "### RunInChildContext ship")[0];
    expect(ship?.annotations).toMatchObject({ [DurableAnnotation.SUSPENDED]: true });
    expect(ship?.subsegments?.map((subsegment) => subsegment.name)).toEqual([
      "### Step label",
      "### Wait pickup",
    ]);
    expect(named(fourth ?? [], "### Wait cool-down")).toEqual([]);
    const resumed = named(fourth ?? [], "### RunInChildContext ship")[0];
    expect(resumed?.annotations).toMatchObject({ [DurableAnnotation.REPLAY]: true });
    expect(
      resumed?.subsegments?.map((subsegment) => subsegment.annotations?.[DurableAnnotation.EVENT]),
    ).toEqual(["ended"]);
  });

  it("marks replayed waits when asked", async () => {
    const tracer = createTracer();
    const traced = traceInvocations(
      withDurableExecution(orderWorkflow, { plugins: [tracer.plugin({ replayedOperations: "mark" })] }),
    );

    await runDurably(traced.handler);

    const last = subsegmentsOf((traced.invocations[3] as { segment: CapturedSubsegment }).segment);
    expect(named(last, "### Wait cool-down")[0]?.annotations).toMatchObject({
      [DurableAnnotation.EVENT]: "ended",
      [DurableAnnotation.REPLAY]: true,
    });
  });

  it("nests each map item's work under that item, with items running concurrently", async () => {
    const tracer = createTracer();
    const traced = traceInvocations(
      withDurableExecution(
        async (_event, context) => {
          const results = await context.map("charge all", ["a", "b", "c"], async (item, value) => {
            await item.wait({ seconds: 1 });
            return item.step(`charge ${value}`, async () => value.toUpperCase());
          });
          return results.getResults();
        },
        { plugins: [tracer.plugin()] },
      ),
    );

    const result = await runDurably<string[]>(traced.handler);

    expect(result.result).toEqual(["A", "B", "C"]);
    for (const invocation of traced.invocations) expect(invocation.openAtReturn).toEqual([]);
    const items = traced.invocations
      .flatMap(({ segment }) => subsegmentsOf(segment))
      .filter((subsegment) => subsegment.annotations?.[DurableAnnotation.OPERATION_TYPE] === "MapIteration");
    const itemSteps = items
      .map((item) =>
        (item.subsegments ?? [])
          .filter((child) => child.name.startsWith("### Step"))
          .map((child) => child.name),
      )
      .filter((steps) => steps.length > 0)
      .sort();
    expect(itemSteps).toEqual([["### Step charge a"], ["### Step charge b"], ["### Step charge c"]]);
  });

  it("traces condition checks, callback submitters, callbacks and parallel branches", async () => {
    const tracer = createTracer();
    const traced = traceInvocations(
      withDurableExecution(
        async (_event, context) => {
          await context.waitForCondition(
            "poll",
            async (state: { checks: number }) => ({ checks: state.checks + 1 }),
            {
              initialState: { checks: 0 },
              waitStrategy: createWaitStrategy({ shouldContinuePolling: (state) => state.checks < 2 }),
            },
          );
          await context.waitForCallback("approval", async () => undefined);
          await context.parallel("both", [
            { name: "left", func: async (branch) => branch.step("left step", async () => "l") },
            { name: "right", func: async (branch) => branch.step("right step", async () => "r") },
          ]);
        },
        { plugins: [tracer.plugin()] },
      ),
    );
    const runner = new LocalDurableRunner({ handler: traced.handler });

    const result = await runner.run({
      onOperationUpdate: (operation) => {
        if (operation.Type === "CALLBACK" && operation.Status === "STARTED") {
          const callbackId = operation.CallbackDetails?.CallbackId as string;
          void runner.service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: "ok" });
        }
      },
    });
    await runner.close();

    expect(result.status).toBe("SUCCEEDED");
    for (const invocation of traced.invocations) expect(invocation.openAtReturn).toEqual([]);
    const all = traced.invocations.flatMap(({ segment }) => subsegmentsOf(segment));
    expect(
      named(all, "### WaitForCondition poll").map(
        (subsegment) => subsegment.annotations?.[DurableAnnotation.ATTEMPT],
      ),
    ).toEqual([1, 2]);
    // The callback may complete in the submitter's invocation or the next one: look at every run of the context.
    const approval = named(all, "### WaitForCallback approval").flatMap(
      (context) => context.subsegments ?? [],
    );
    expect(named(approval, "### Step").map((step) => step.annotations?.[DurableAnnotation.ATTEMPT])).toEqual([
      1,
    ]);
    expect(
      named(approval, "### Callback").map((marker) => marker.annotations?.[DurableAnnotation.EVENT]),
    ).toEqual(["started", "ended"]);
    const branches = named(all, "### Parallel both")[0]?.subsegments ?? [];
    expect(branches.map((branch) => [branch.name, branch.subsegments?.map((step) => step.name)])).toEqual([
      ["### ParallelBranch left", ["### Step left step"]],
      ["### ParallelBranch right", ["### Step right step"]],
    ]);
  });

  it("traces nothing outside Lambda, as Powertools", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "");
    const tracer = createTracer();
    const traced = traceInvocations(withDurableExecution(orderWorkflow, { plugins: [tracer.plugin()] }));

    const result = await runDurably(traced.handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(traced.invocations.flatMap(({ segment }) => subsegmentsOf(segment))).toEqual([]);
  });
});

describe("DurableTracer with captureLambdaHandler behind durable()", () => {
  it("closes the handler subsegment of every invocation and does not record suspensions as errors", async () => {
    const tracer = createTracer();
    const handler = middy<unknown, string, Error, MiddyDurableContext>()
      .use(durable({ plugins: [tracer.plugin()] }))
      .use(captureLambdaHandler(tracer))
      .handler(orderWorkflow);
    const traced = traceInvocations(handler as unknown as LocalDurableHandler);

    const result = await runDurably(traced.handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(traced.invocations).toHaveLength(4);
    for (const [index, invocation] of traced.invocations.entries()) {
      expect(invocation.openAtReturn).toEqual([]);
      const handlerSegments = invocation.segment.subsegments ?? [];
      expect(handlerSegments.map((subsegment) => subsegment.name)).toEqual([`## ${HANDLER_NAME}`]);
      const handlerSegment = handlerSegments[0] as CapturedSubsegment;
      const suspended = index < traced.invocations.length - 1;
      expect(handlerSegment.fault ?? false).toBe(false);
      expect(handlerSegment.annotations?.[DurableAnnotation.SUSPENDED]).toBe(suspended ? true : undefined);
    }
    const firstHandler = traced.invocations[0]?.segment.subsegments?.[0];
    expect(firstHandler?.subsegments?.map((subsegment) => subsegment.name)).toEqual(["### Step charge"]);
  });
});
