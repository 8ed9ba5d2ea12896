import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collect,
  countedStep,
  failFixAndRedrive,
  type LocalSetup,
  NO_RETRY,
  RunCounter,
  redriveToEnd,
  startLocal,
} from "./support/local-service.js";

describe("redrive after a code change that shifts operations", () => {
  const runs = new RunCounter();
  let fixed = false;
  let local: LocalSetup;
  beforeAll(async () => {
    const step = countedStep(runs, (name) => name === "send" && !fixed);
    local = await startLocal((config) =>
      withDurableExecution(
        async (_event, context) => {
          const before = await step(context, "before");
          const inside = await context.runInChildContext("ship", async (ship) => {
            // The fix adds a check first: every later operation of this context moves one id down.
            if (fixed) await step(ship, "check address");
            await ship.wait("pickup", { minutes: 5 });
            await step(ship, "label");
            await step(ship, "label");
            return step(ship, "send");
          });
          return `${before} ${inside}`;
        },
        { ...config, redrive: true },
      ),
    );
  });
  afterAll(() => local.close());

  it("takes results up to the first mismatch, runs the rest of that context fresh, and records why", async () => {
    const redrive = await failFixAndRedrive(local, runs, "changed-1", () => {
      fixed = true;
    });

    expect(redrive.result.status).toBe("SUCCEEDED");
    // "before" is outside the changed context: taken. Inside it everything runs, although the first
    // "label" has the id, type and name of the source's second one (and runs in a later invocation).
    expect(runs.snapshot()).toEqual({ "check address": 1, label: 2, send: 1 });
    expect(redrive.result.invocations.length).toBe(2);
    const events = await collect(local.executions.history(redrive.executionArn, { includeData: true }));
    const divergence = events.filter((event) => event.SubType === "RedriveDivergence");
    expect(divergence).toHaveLength(1);
    expect(divergence[0]?.Name).toBe(
      'redrive: operations from 2-1 run fresh (the source recorded WAIT "pickup", the code calls STEP "check address")',
    );
    expect(JSON.parse(divergence[0]?.StepSucceededDetails?.Result?.Payload ?? "{}")).toMatchObject({
      from: "2-1",
    });
  });
});

describe("a redrive of a redrive", () => {
  const runs = new RunCounter();
  let failAt = "second";
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(
        async (_event, context) => {
          for (const name of ["first", "second", "third"]) {
            await context.step(
              name,
              async () => {
                runs.ran(name);
                if (failAt === name) throw new Error(`${name} failed`);
              },
              NO_RETRY,
            );
          }
          return "done";
        },
        { ...config, redrive: true },
      ),
    );
  });
  afterAll(() => local.close());

  it("takes results from the whole chain and counts 2", async () => {
    const source = await local.runner.run({ executionName: "chain-1" });
    failAt = "third";
    const first = await redriveToEnd(local, source.executionArn);
    expect(first.result.status).toBe("FAILED");
    failAt = "";

    const second = await redriveToEnd(local, first.executionArn);

    expect(second.result.status).toBe("SUCCEEDED");
    expect(runs.snapshot()).toEqual({ first: 1, second: 2, third: 2 });
    expect(second.executionArn).toMatch(/\/chain-1--redrive-2\//);
    const [described, middle] = await Promise.all([
      local.executions.describe(second.executionArn),
      local.executions.describe(first.executionArn),
    ]);
    expect(described).toMatchObject({ redriveCount: 2, redrivenFrom: first.executionArn });
    expect(middle).toMatchObject({
      redriveCount: 1,
      redrivenFrom: source.executionArn,
      redrivenTo: second.executionArn,
    });
  });
});
