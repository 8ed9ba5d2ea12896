import {
  createClassSerdesWithDates,
  DurableConfigurationError,
  withDurableExecution,
} from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { runLocally } from "../support/harness.js";

class Money {
  constructor(readonly cents: number) {}
}

const values: Record<string, { value: unknown; problem: string }> = {
  "a Date": { value: { when: new Date(0) }, problem: "result.when is a Date" },
  "a Map": { value: { byId: new Map([["a", 1]]) }, problem: "result.byId is a Map" },
  "undefined in an array": { value: { items: [1, undefined] }, problem: "result.items[1] is undefined" },
  "undefined in an object": { value: { note: undefined }, problem: "result.note is undefined" },
  NaN: { value: [Number.NaN], problem: "result[0] is NaN" },
  "a function": { value: { run: () => 1 }, problem: "result.run is a function" },
  "a class instance": { value: { total: new Money(5) }, problem: "result.total is a Money instance" },
  "a key that is not an identifier": {
    value: { "due date": new Date(0) },
    problem: 'result["due date"] is a Date',
  },
};

describe("strictSerdes: values JSON would change fail the execution", () => {
  for (const [kind, { value, problem }] of Object.entries(values)) {
    it(`names the step and the path of ${kind}`, async () => {
      const handler = withDurableExecution(
        async (_event, context) => context.step("load", async () => value),
        {
          strictSerdes: true,
        },
      );

      const { result } = await runLocally(handler);

      expect(result.status).toBe("FAILED");
      expect(result.error?.ErrorType).toBe("StrictSerdesError");
      expect(result.error?.ErrorMessage).toContain(
        `The value of operation "load" (id 1) would not replay as it is: ${problem}`,
      );
      expect(result.getOperation("load")?.Status).not.toBe("SUCCEEDED");
    });
  }

  it("checks child context results and waitForCondition states too", async () => {
    const handler = withDurableExecution(
      async (_event, context) => context.runInChildContext("group", async () => ({ at: new Date(0) })),
      { strictSerdes: true },
    );

    const { result } = await runLocally(handler);

    expect(result.error?.ErrorMessage).toContain(
      '"group" (id 1) would not replay as it is: result.at is a Date',
    );
  });

  it("leaves plain JSON data and operations with their own serdes alone", async () => {
    const handler = withDurableExecution(
      async (_event, context) => {
        const plain = await context.step("plain", async () => ({ a: [1, "x", null, { b: true }] }));
        const dated = await context.step("dated", async () => ({ when: new Date(0) }), {
          serdes: createClassSerdesWithDates(Object, ["when"]),
        });
        return [plain, (dated as { when: Date }).when.toISOString()];
      },
      { strictSerdes: true },
    );

    const { result } = await runLocally(handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual([{ a: [1, "x", null, { b: true }] }, "1970-01-01T00:00:00.000Z"]);
  });

  it("is off by default: a Date replays as a string, as in the official SDK", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const loaded = await context.step("load", async () => ({ when: new Date(0) }));
      return typeof loaded.when;
    });

    const { result } = await runLocally(handler);

    expect(result.result).toBe("string");
  });

  it("must be a boolean", () => {
    expect(() => withDurableExecution(async () => 1, { strictSerdes: "yes" } as never)).toThrow(
      DurableConfigurationError,
    );
  });
});
