import { CallbackError, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { formatRunReport, LocalDurableRunner, WaitingStatus } from "../src/index.js";

describe("parsed operation details", () => {
  it("gives a step's result as a value, with its attempts, on the result and on a live handle", async () => {
    let attempts = 0;
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const price = await ctx.step(
        "price",
        async () => {
          attempts += 1;
          if (attempts === 1) throw new Error("rate limited");
          return { total: 42, currency: "EUR" };
        },
        { retryStrategy: () => ({ shouldRetry: true, delay: { seconds: 2 } }) },
      );
      await ctx.wait("pause", { minutes: 5 });
      return price.total;
    });
    const runner = new LocalDurableRunner({ handler });
    const pause = runner.waitForOperation("pause");
    const running = runner.run();
    const live = (await pause).details();
    expect(live.type).toBe("WAIT");
    expect(live.scheduledEndTimestamp).toBeInstanceOf(Date);
    const result = await running;

    const price = result.getOperationDetails<{ total: number; currency: string }>("price");
    expect(price?.result).toEqual({ total: 42, currency: "EUR" });
    expect(price?.rawResult).toBe('{"total":42,"currency":"EUR"}');
    expect(price?.attempt).toBe(2);
    expect(price?.status).toBe("SUCCEEDED");
    expect(result.getOperationDetails("missing")).toBeUndefined();
  });
});

describe("operation lookup by index and by name and index", () => {
  it("finds the n-th operation of the run and the n-th of a name", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      for (let round = 0; round < 3; round += 1) await ctx.step("tick", async () => round);
      return ctx.step("done", async () => "ok");
    });
    const result = await new LocalDurableRunner({ handler }).run();
    expect(result.getOperationAt(0)?.Name).toBe("tick");
    expect(result.getOperationAt(3)?.Name).toBe("done");
    expect(result.getOperationAt(4)).toBeUndefined();
    expect(result.getOperationDetails<number>("tick", 2)?.result).toBe(2);
  });
});

describe("waitForOperation with SUBMITTED on a waitForCallback", () => {
  it("resolves once the submitter has run, so the callback id is already out", async () => {
    const outbox: string[] = [];
    const handler = withDurableExecution(async (_event: unknown, ctx) =>
      ctx.waitForCallback("approval", async (callbackId) => {
        outbox.push(callbackId);
      }),
    );
    const runner = new LocalDurableRunner({ handler });
    const submitted = runner.waitForOperation("approval", { status: WaitingStatus.SUBMITTED });
    const running = runner.run();
    const approval = await submitted;
    expect(outbox).toHaveLength(1);
    expect(await approval.getCallbackId()).toBe(outbox[0]);
    await approval.sendCallbackSuccess('"ok"');
    expect((await running).result).toBe('"ok"');
  });

  it("COMPLETED waits for any end, and the handle's failure helper fails the callback", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      try {
        return await ctx.waitForCallback("approval", async () => undefined);
      } catch (error) {
        return error instanceof CallbackError ? `rejected: ${error.message}` : "other";
      }
    });
    const runner = new LocalDurableRunner({ handler });
    const approval = runner.waitForOperation("approval", { status: WaitingStatus.SUBMITTED });
    const completed = runner.waitForOperation("approval", { status: WaitingStatus.COMPLETED });
    const running = runner.run();
    await (await approval).sendCallbackFailure({ ErrorType: "Denied", ErrorMessage: "no budget" });
    expect((await completed).status).toBe("FAILED");
    expect((await running).result).toMatch(/^rejected: /);
  });
});

describe("reset()", () => {
  it("forgets the runner's executions, requests and faults, and rejects open waiters", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) => ctx.step("work", async () => 1));
    const runner = new LocalDurableRunner({ handler });
    await runner.run();
    expect(runner.service.requests.length).toBeGreaterThan(0);
    runner.service.injectFault({ api: "checkpoint", error: "server" });
    const never = runner.waitForOperation("not-there");

    runner.reset();

    await expect(never).rejects.toThrow(/waitForOperation\("not-there"\): the runner was reset/);
    expect(runner.service.requests).toHaveLength(0);
    const next = runner.waitForOperation("work");
    const second = await runner.run();
    expect((await next).executionArn).toBe(second.executionArn);
    expect(second.invocations).toHaveLength(1); // the injected fault was cleared
  });
});

describe("the run report", () => {
  it("prints invocations, outcome, the operations tree and the history", async () => {
    const handler = withDurableExecution(async (_event: unknown, ctx) =>
      ctx.runInChildContext("outer", async (child) => {
        await child.wait("nap", { hours: 1 });
        return child.step("inner", async () => "done");
      }),
    );
    const result = await new LocalDurableRunner({ handler }).run();
    const lines: string[] = [];
    result.print((line) => lines.push(line));
    const text = lines.join("\n");
    expect(text).toBe(formatRunReport(result));
    expect(text).toMatch(/== Invocations ==\n#\s+request\s+started\s+returned/);
    expect(text).toMatch(/\n1\s+\S{8}\s+\S+ \(\+0h00m00s\)\s+PENDING\n2 .*\(\+1h00m0\ds\)\s+SUCCEEDED/);
    expect(text).toContain(
      `== Outcome ==\nexecution: ${result.executionArn}\nstatus: SUCCEEDED\nresult: "done"`,
    );
    expect(text).toMatch(
      /\nouter\s+CONTEXT\/RunInChildContext\s+SUCCEEDED\s+-\n {2}nap\s+WAIT\/Wait\s+SUCCEEDED\s+-\n {2}inner\s+STEP\/Step\s+SUCCEEDED\s+1\n/,
    );
    expect(text).toMatch(/== History ==\nid\s+timestamp\s+event\s+name/);
    expect(text).toContain("WaitSucceeded");
  });
});
