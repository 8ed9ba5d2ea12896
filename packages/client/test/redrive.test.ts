import { type DurableContext, withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  countedStep,
  failFixAndRedrive,
  type LocalSetup,
  NO_RETRY,
  RunCounter,
  redriveToEnd,
  startLocal,
} from "./support/local-service.js";

describe("redrive of a failed map", () => {
  const runs = new RunCounter();
  let bug = true;
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(
        async (event: { orderId: string }, context) => {
          const order = await context.step("load", async () => {
            runs.ran("load");
            return { id: event.orderId };
          });
          await context.wait("cool-off", { hours: 1 });
          const items = await context.map(
            "items",
            [1, 2, 3, 4, 5],
            async (item, n) =>
              item.step(
                `item-${n}`,
                async () => {
                  runs.ran(`item-${n}`);
                  if (bug && n === 3) throw new Error("item 3 is broken");
                  return n * 10;
                },
                NO_RETRY,
              ),
            { completionConfig: { toleratedFailureCount: 1 } },
          );
          return context.step(
            "ship",
            async () => {
              runs.ran("ship");
              if (bug) throw new Error("shipping is broken");
              return { ...order, items: items.getResults() };
            },
            NO_RETRY,
          );
        },
        { ...config, redrive: true },
      ),
    );
  });
  afterAll(() => local.close());
  beforeEach(() => runs.reset());

  it("runs again only item 3 and the last step, and links the two executions", async () => {
    bug = true;
    const source = await local.runner.run({ input: { orderId: "o-1" }, executionName: "order-o-1" });
    expect(source.status).toBe("FAILED");
    expect(runs.snapshot()).toEqual({
      "item-1": 1,
      "item-2": 1,
      "item-3": 1,
      "item-4": 1,
      "item-5": 1,
      load: 1,
      ship: 1,
    });
    runs.reset();
    bug = false;

    const redrive = await redriveToEnd(local, source.executionArn);

    expect(redrive.result.status).toBe("SUCCEEDED");
    expect(redrive.result.result).toEqual({ id: "o-1", items: [10, 20, 30, 40, 50] });
    expect(runs.snapshot()).toEqual({ "item-3": 1, ship: 1 });
    expect(redrive.result.eventTypes()).not.toContain("WaitStarted");
    expect(redrive.executionArn).toMatch(/\/durable-execution\/order-o-1--redrive-1\//);

    const [described, sourceDescribed] = await Promise.all([
      local.executions.describe(redrive.executionArn),
      local.executions.describe(source.executionArn),
    ]);
    expect(described).toMatchObject({
      redriveCount: 1,
      redriveDate: redrive.redriveDate,
      redrivenFrom: source.executionArn,
      input: '{"orderId":"o-1"}',
      status: "SUCCEEDED",
    });
    expect(sourceDescribed).toMatchObject({
      redriveCount: 0,
      redrivenTo: redrive.executionArn,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: expect.stringContaining("already redriven as"),
    });
  });

  it("returns the same redrive when called again, whatever the client token", async () => {
    bug = true;
    const source = await local.runner.run({ input: { orderId: "o-2" }, executionName: "order-o-2" });
    bug = false;
    const first = await redriveToEnd(local, source.executionArn);
    runs.reset();

    const again = await local.executions.redrive(source.executionArn, { clientToken: "retry-1" });

    expect(again).toEqual({ executionArn: first.executionArn, redriveDate: first.redriveDate });
    expect(runs.snapshot()).toEqual({});
  });
});

describe("redrive of a failed parallel", () => {
  const runs = new RunCounter();
  let bug = true;
  let local: LocalSetup;
  beforeAll(async () => {
    const step = countedStep(runs, (name) => bug && name === "charge");
    local = await startLocal((config) =>
      withDurableExecution(
        async (_event, context) => {
          const branches = ["reserve", "charge", "notify"].map(
            (name) => (ctx: DurableContext) => step(ctx, name),
          );
          const result = await context.parallel("fulfil", branches);
          result.throwIfError();
          return result.getResults();
        },
        { ...config, redrive: true },
      ),
    );
  });
  afterAll(() => local.close());

  it("runs again only the branch that failed", async () => {
    const redrive = await failFixAndRedrive(local, runs, "fulfil-1", () => {
      bug = false;
    });

    expect(redrive.result.status).toBe("SUCCEEDED");
    expect(redrive.result.result).toEqual(["reserve", "charge", "notify"]);
    expect(runs.snapshot()).toEqual({ charge: 1 });
  });
});

describe("redrive of a failed child context", () => {
  const runs = new RunCounter();
  let bug = true;
  let local: LocalSetup;
  beforeAll(async () => {
    const step = countedStep(runs, (name) => bug && name === "label");
    local = await startLocal((config) =>
      withDurableExecution(
        async (_event, context) => {
          const validated = await step(context, "validate");
          const shipped = await context.runInChildContext("ship", async (ship) => [
            await step(ship, "pack"),
            await step(ship, "label"),
          ]);
          return [validated, ...shipped];
        },
        { ...config, redrive: true },
      ),
    );
  });
  afterAll(() => local.close());

  it("runs the context again, taking what succeeded inside it", async () => {
    const redrive = await failFixAndRedrive(local, runs, "ship-1", () => {
      bug = false;
    });

    expect(redrive.result.status).toBe("SUCCEEDED");
    expect(redrive.result.result).toEqual(["validate", "pack", "label"]);
    expect(runs.snapshot()).toEqual({ label: 1 });
    expect(redrive.result.getOperation("ship")?.Status).toBe("SUCCEEDED");
  });
});

describe("redrive of a stopped execution", () => {
  const runs = new RunCounter();
  let onAsk: (callbackId: string) => void = () => undefined;
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(
        async (_event, context) => {
          const reservation = await context.step("reserve", async () => {
            runs.ran("reserve");
            return "r-1";
          });
          const approval = await context.waitForCallback("approval", async (callbackId) => {
            runs.ran("ask");
            onAsk(callbackId);
          });
          return `${reservation} ${approval}`;
        },
        { ...config, redrive: true },
      ),
    );
  });
  afterAll(() => local.close());

  it("continues from the operation it was stopped at", async () => {
    const waiting = local.runner.waitForOperation("approval");
    const running = local.runner.run({ executionName: "approve-1" });
    const sourceArn = (await waiting).executionArn;
    await local.executions.stop(sourceArn, { errorType: "Cancelled", errorMessage: "approver away" });
    await running;
    expect((await local.executions.describe(sourceArn)).redriveStatus).toBe("REDRIVABLE");
    runs.reset();

    const asked = new Promise<string>((resolve) => {
      onAsk = resolve;
    });
    const { executionArn } = await local.executions.redrive(sourceArn);
    await local.executions.sendCallbackSuccess(await asked, "approved");
    await local.runner.service.waitForCompletion(executionArn);

    const redrive = local.runner.inspect(executionArn);
    expect(redrive.status).toBe("SUCCEEDED");
    expect(redrive.result).toBe("r-1 approved");
    expect(runs.snapshot()).toEqual({ ask: 1 });
  });
});

describe("redrive of a timed-out execution", () => {
  const runs = new RunCounter();
  let slow = true;
  let local: LocalSetup;
  beforeAll(async () => {
    const step = countedStep(runs, () => false);
    local = await startLocal(
      (config) =>
        withDurableExecution(
          async (_event, context) => {
            const reserved = await step(context, "reserve");
            if (slow) await context.wait("stuck", { hours: 2 });
            return [reserved, await step(context, "ship")];
          },
          { ...config, redrive: true },
        ),
      { executionTimeoutSeconds: 3600 },
    );
  });
  afterAll(() => local.close());

  it("continues after the operations that finished before the timeout", async () => {
    const source = await local.runner.run({ executionName: "slow-1" });
    expect(source.status).toBe("TIMED_OUT");
    slow = false;
    runs.reset();

    const redrive = await redriveToEnd(local, source.executionArn);

    expect(redrive.result.status).toBe("SUCCEEDED");
    expect(redrive.result.result).toEqual(["reserve", "ship"]);
    expect(runs.snapshot()).toEqual({ ship: 1 });
  });
});
