import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEnvelope } from "../../src/envelope/parse-envelope.js";
import { InvalidDurableEventError } from "../../src/errors/index.js";

const valid = {
  DurableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/e/1",
  CheckpointToken: "token",
  InitialExecutionState: { Operations: [] },
};

describe("parseEnvelope", () => {
  it("accepts a minimal envelope with no operations", () => {
    const envelope = parseEnvelope(valid);

    expect(envelope.operations).toEqual([]);
    expect(envelope.nextMarker).toBeUndefined();
    expect(envelope.embeddedClient).toBeUndefined();
  });

  it.each([
    ["a plain user event", { orderId: "o-1" }, "DurableExecutionArn"],
    ["a missing token", { ...valid, CheckpointToken: undefined }, "CheckpointToken"],
    ["an empty token", { ...valid, CheckpointToken: "" }, "CheckpointToken"],
    [
      "a non-array operations list",
      { ...valid, InitialExecutionState: { Operations: "x" } },
      "InitialExecutionState.Operations",
    ],
    ["a string event", "hello", "event"],
    ["null", null, "event"],
  ])("rejects %s with a message naming the field and the fix", (_label, event, field) => {
    const act = () => parseEnvelope(event);

    expect(act).toThrow(InvalidDurableEventError);
    expect(act).toThrow(/Unexpected payload provided to start the durable execution/);
    expect(act).toThrow(new RegExp(field.replace(".", "\\.")));
    expect(act).toThrow(/DurableConfig/);
  });

  it("recognises an envelope that carries its own client", () => {
    class DurableExecutionInvocationInputWithClient {
      readonly DurableExecutionArn = valid.DurableExecutionArn;
      readonly CheckpointToken = "token";
      readonly InitialExecutionState = { Operations: [] };
      readonly durableExecutionClient = { checkpoint: async () => ({}), getExecutionState: async () => ({}) };
      get [Symbol.toStringTag]() {
        return "DurableExecutionInvocationInputWithClient";
      }
    }
    const event = new DurableExecutionInvocationInputWithClient();

    expect(parseEnvelope(event).embeddedClient).toBe(event.durableExecutionClient);
  });

  it("never throws anything but InvalidDurableEventError, whatever the event (property)", () => {
    fc.assert(
      fc.property(fc.anything(), (event) => {
        try {
          parseEnvelope(event);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidDurableEventError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
