import { readFileSync } from "node:fs";
import * as official from "@aws/durable-execution-sdk-js";
import * as ours from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";

const transport: ours.DurableExecutionClient = {
  getExecutionState: async () => ({ Operations: [] }),
  checkpoint: async () => ({ CheckpointToken: "next", NewExecutionState: undefined }),
};
const envelope = {
  DurableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/o/1",
  CheckpointToken: "token-1",
  InitialExecutionState: { Operations: [], NextMarker: "m" },
};

describe("DurableExecutionInvocationInputWithClient is the official class's twin", () => {
  const mine = new ours.DurableExecutionInvocationInputWithClient(envelope, transport);
  const theirs = new official.DurableExecutionInvocationInputWithClient(envelope, transport as never);

  it("holds the same fields and string tag", () => {
    expect({ ...mine }).toEqual({ ...theirs });
    expect(String(mine)).toBe(String(theirs));
    expect(String(mine)).toBe("[object DurableExecutionInvocationInputWithClient]");
    expect(ours.DurableExecutionInvocationInputWithClient.name).toBe(
      official.DurableExecutionInvocationInputWithClient.name,
    );
  });

  it("is recognised by both classes' isInstance, and plain envelopes by neither", () => {
    for (const Class of [
      ours.DurableExecutionInvocationInputWithClient,
      official.DurableExecutionInvocationInputWithClient,
    ]) {
      expect([mine, theirs, envelope, null, "event"].map((event) => Class.isInstance(event))).toEqual([
        true,
        true,
        false,
        false,
        false,
      ]);
    }
  });

  it("keeps UpdatedOperationIds, which the official class drops", () => {
    const withIds = { ...envelope, UpdatedOperationIds: ["abc"] };

    expect(
      new ours.DurableExecutionInvocationInputWithClient(withIds, transport).UpdatedOperationIds,
    ).toEqual(["abc"]);
    expect(
      new official.DurableExecutionInvocationInputWithClient(withIds, transport as never),
    ).not.toHaveProperty("UpdatedOperationIds");
  });

  it.each([
    ["our engine, wrapped by the official class", "ours", "official"],
    ["the official engine, wrapped by our class", "official", "ours"],
  ] as const)("%s: the handler uses the embedded client", async (_label, engine, wrapper) => {
    const sdk = engine === "official" ? (official as unknown as typeof ours) : ours;
    const Wrapper = (wrapper === "official" ? official : ours)
      .DurableExecutionInvocationInputWithClient as unknown as typeof ours.DurableExecutionInvocationInputWithClient;
    const handler = sdk.withDurableExecution(async (event: { n: number }, context) => {
      const doubled = await context.step("double", async () => event.n * 2);
      await context.wait({ seconds: 5 });
      return doubled + 1;
    });
    let rewrapped = 0;
    const runner = new LocalDurableRunner({
      handler: async (event, context) => {
        const { durableExecutionClient, ...rest } = event as ours.DurableExecutionInvocationInputWithClient;
        rewrapped++;
        return handler(new Wrapper(rest, durableExecutionClient) as never, context as never) as never;
      },
    });
    try {
      const result = await runner.run({ input: { n: 20 } });

      expect(result.status).toBe("SUCCEEDED");
      expect(result.result).toBe(41);
      expect(rewrapped).toBe(2);
    } finally {
      await runner.close();
    }
  });
});

describe("SDK_VERSION has the official format and holds this package's version", () => {
  it("is major.minor.patch like the official one, and equals our package.json version", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const semver = /^\d+\.\d+\.\d+$/;

    expect(official.SDK_VERSION).toMatch(semver);
    expect(ours.SDK_VERSION).toMatch(semver);
    expect(ours.SDK_VERSION).toBe(manifest.version);
  });
});
