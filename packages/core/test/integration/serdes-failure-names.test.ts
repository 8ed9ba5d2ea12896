import { withDurableExecution } from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { runLocally } from "../support/harness.js";

const refusingSerdes = {
  serialize: async () => {
    throw new RangeError("value too big");
  },
  deserialize: async (data: string | undefined) => data,
};

describe("a serdes failure names the operation", () => {
  it("by name and id, with the serdes' own message", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      await context.step("first", async () => 1);
      return context.step("big", async () => "payload", { serdes: refusingSerdes });
    });

    const { result } = await runLocally(handler, {}, { maxInvocations: 3 });

    const failure = result.invocations.find((invocation) => invocation.error !== undefined)?.error;
    expect(failure?.ErrorType).toBe("SerdesFailedError");
    expect(failure?.ErrorMessage).toContain(
      'Failed to serialize the value of operation "big" (id 2): value too big',
    );
  });
});
