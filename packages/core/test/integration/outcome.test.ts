import {
  DurableConfigurationError,
  InvalidDurableEventError,
  withDurableExecution,
} from "@durable-lambda/core";
import { LocalDurableRunner, LocalDurableService } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { runLocally } from "../support/harness.js";

const SIX_MIB = 6 * 1024 * 1024;

describe("outcome mapping", () => {
  it("returns SUCCEEDED with the JSON result, and no Result for undefined", async () => {
    const { result } = await runLocally(withDurableExecution(async () => undefined));

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations[0]?.output).toEqual({ Status: "SUCCEEDED" });
  });

  it("checkpoints a result over the response limit (6 MiB − 50 B) and answers with an empty Result", async () => {
    const length = SIX_MIB - 40;
    const handler = withDurableExecution(async (_event, context) => {
      const unit = await context.step("unit", async () => "y");
      return unit.repeat(length);
    });

    const { result, service } = await runLocally(handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations.at(-1)?.output).toEqual({ Status: "SUCCEEDED", Result: "" });
    expect((result.result as string).length).toBe(length);
    const executionUpdates = service.requests
      .filter((r) => r.api === "checkpoint")
      .flatMap((r) => (r.params as { Updates: { Type: string; Action: string }[] }).Updates)
      .filter((u) => u.Type === "EXECUTION");
    expect(executionUpdates.map((u) => u.Action)).toEqual(["SUCCEED"]);
  });

  it("fails visibly when a result is too large even to checkpoint", async () => {
    const { result } = await runLocally(withDurableExecution(async () => "z".repeat(SIX_MIB + 1)));

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("CheckpointUnrecoverableExecutionError");
    expect(result.error?.ErrorMessage).toMatch(/Payload size exceeds the maximum/);
  });

  it("checkpoints an error over 6 MiB, shortened to what the service stores, and leaves it out of the response", async () => {
    const handler = withDurableExecution(async () => {
      throw new RangeError("e".repeat(SIX_MIB));
    });

    const { result, service } = await runLocally(handler);

    expect(result.status).toBe("FAILED");
    expect(result.invocations[0]?.output).toEqual({ Status: "FAILED" });
    expect(result.error?.ErrorType).toBe("RangeError");
    expect(result.error?.ErrorMessage).toMatch(/^e+… \[truncated from 6291456 bytes\]$/);
    const updates = service.requests
      .filter((r) => r.api === "checkpoint")
      .flatMap((r) => (r.params as { Updates: { Type: string; Action: string }[] }).Updates);
    expect(updates.map((u) => `${u.Type} ${u.Action}`)).toEqual(["EXECUTION FAIL"]);
  });

  it("fails with NonDeterministicExecutionError when a replayed operation changed", async () => {
    let invocation = 0;
    const handler = withDurableExecution(async (_event, context) => {
      invocation++;
      await context.step(invocation === 1 ? "original" : "renamed", async () => 1);
      await context.wait({ seconds: 1 });
      return "unreachable on replay";
    });

    const { result } = await runLocally(handler);

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("NonDeterministicExecutionError");
    expect(result.error?.ErrorMessage).toMatch(/"original".*"renamed"/s);
  });

  it("fails a handler result that cannot be serialized with a clear error", async () => {
    const { result } = await runLocally(withDurableExecution(async () => ({ big: 10n })));

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorMessage).toMatch(/JSON\.stringify failed/);
  });
});

describe("bad input", () => {
  it("throws InvalidDurableEventError for a plain event, naming the fix", async () => {
    const handler = withDurableExecution(async () => "never");

    await expect(handler({ orderId: 1 } as never, {} as never)).rejects.toThrow(InvalidDurableEventError);
    await expect(handler({ orderId: 1 } as never, {} as never)).rejects.toThrow(
      /DurableExecutionArn.*DurableConfig/s,
    );
  });

  it("fails fast at wrap time when client and durableExecutionClient are both set", () => {
    const transport = {
      checkpoint: async () => ({ NewExecutionState: undefined }),
      getExecutionState: async () => ({ Operations: [] }),
    };

    expect(() =>
      withDurableExecution(async () => 1, {
        client: { send: async () => ({}) },
        durableExecutionClient: transport,
      }),
    ).toThrow(DurableConfigurationError);
  });

  it("rejects a step without a function with a clear error", async () => {
    const handler = withDurableExecution(async (_event, context) =>
      context.step("oops", "not a function" as never),
    );

    const { result } = await runLocally(handler);

    expect(result.error).toMatchObject({ ErrorType: "DurableConfigurationError" });
    expect(result.error?.ErrorMessage).toMatch(/needs a function/);
  });
});

describe("state paging", () => {
  it("loads every page of a long history before running the handler", async () => {
    const service = new LocalDurableService({ initialStatePageSize: 10 });
    const handler = withDurableExecution(async (_event, context) => {
      const values: number[] = [];
      for (let i = 0; i < 35; i++) values.push(await context.step(`s${i}`, async () => i));
      await context.wait({ seconds: 1 });
      for (let i = 35; i < 40; i++) values.push(await context.step(`s${i}`, async () => i));
      return values.reduce((a, b) => a + b, 0);
    });
    const runner = new LocalDurableRunner({ handler, service });

    const result = await runner.run();

    expect(result.result).toBe((39 * 40) / 2);
    expect(service.requests.filter((r) => r.api === "getState").length).toBeGreaterThan(0);
  });
});
