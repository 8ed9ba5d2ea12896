import { type DurableContext, withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSetup, RunCounter, redriveToEnd, startLocal } from "./support/local-service.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Starts an execution by name (as a hand-made redrive would be) and waits for its end. */
async function startToEnd(local: LocalSetup, input: unknown, name: string) {
  const executionArn = await local.executions.start("orders", input, { name });
  await local.runner.service.waitForCompletion(executionArn);
  return local.runner.inspect(executionArn);
}

describe("the engine refuses a redrive", () => {
  const runs = new RunCounter();
  let acceptRedrives = false;
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) => {
      const workflow = async (event: { fail?: boolean }, context: DurableContext) => {
        await context.step("work", async () => {
          runs.ran("work");
        });
        if (event.fail) throw new Error("failed on purpose");
        return "ok";
      };
      const refusing = withDurableExecution(workflow, config);
      const accepting = withDurableExecution(workflow, { ...config, redrive: true });
      return (event, context) => (acceptRedrives ? accepting : refusing)(event as never, context as never);
    });
  });
  afterAll(() => local.close());

  it("when the function did not opt in: the redrive fails and runs nothing", async () => {
    acceptRedrives = false;
    const source = await local.runner.run({ input: { fail: true }, executionName: "opt-in-1" });
    runs.reset();

    const redrive = await redriveToEnd(local, source.executionArn);

    expect(redrive.result.status).toBe("FAILED");
    expect(redrive.result.error?.ErrorType).toBe("RedriveError");
    expect(redrive.result.error?.ErrorMessage).toContain(
      "the function does not accept redrives. Opt in with",
    );
    expect(runs.snapshot()).toEqual({});
  });

  describe("with redrive: true", () => {
    beforeAll(() => {
      acceptRedrives = true;
    });

    it("when its input differs from the source's", async () => {
      await local.runner.run({ input: { fail: true }, executionName: "input-1" });
      runs.reset();

      const redrive = await startToEnd(local, { fail: false }, "input-1--redrive-1");

      expect(redrive.error?.ErrorType).toBe("RedriveError");
      expect(redrive.error?.ErrorMessage).toContain("input differs from the input of its source");
      expect(runs.snapshot()).toEqual({});
    });

    it("when no execution of the function has the source's name", async () => {
      const redrive = await startToEnd(local, {}, "ghost--redrive-1");

      expect(redrive.error?.ErrorMessage).toContain('named as a redrive of "ghost", but function orders');
    });

    it("when the source succeeded", async () => {
      await local.runner.run({ input: {}, executionName: "done-1" });

      const redrive = await startToEnd(local, {}, "done-1--redrive-1");

      expect(redrive.error?.ErrorMessage).toContain("is SUCCEEDED; only FAILED, TIMED_OUT and STOPPED");
    });

    it("when the source ended more than 14 days before the redrive started", async () => {
      await local.runner.run({ input: { fail: true }, executionName: "late-1" });
      local.runner.clock.advanceBy(15 * DAY_MS);

      const redrive = await startToEnd(local, { fail: true }, "late-1--redrive-1");

      expect(redrive.error?.ErrorMessage).toContain("ended more than 14 days before this redrive started");
    });
  });
});
