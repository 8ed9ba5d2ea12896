import { describe, expect, it } from "vitest";
import { hashOperationId } from "../../src/ids/index.js";
import { RedriveSeed } from "../../src/redrive/redrive-seed.js";
import type { HistoryEvent } from "../../src/redrive/redrive-transport.js";
import { foldSourceHistory } from "../../src/redrive/source-history.js";

const h = hashOperationId;

function event(EventType: string, id: string | undefined, extra: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType, ...(id === undefined ? {} : { Id: h(id) }), ...extra } as HistoryEvent;
}
const succeeded = (
  type: "Step" | "Context" | "Wait",
  id: string,
  payload?: string,
  extra: Partial<HistoryEvent> = {},
) =>
  event(`${type}Succeeded`, id, {
    [`${type}SucceededDetails`]: payload === undefined ? {} : { Result: { Payload: payload } },
    ...extra,
  });

describe("folding the source's history", () => {
  it("keeps the final status and result of each operation; a scheduled attempt leaves a step pending", () => {
    const source = foldSourceHistory([
      event("ExecutionStarted", "0", { ExecutionStartedDetails: { Input: { Payload: '{"a":1}' } } }),
      event("StepFailed", "1", {
        Name: "flaky",
        StepFailedDetails: { RetryDetails: { NextAttemptDelaySeconds: 5 } },
      }),
      succeeded("Step", "1", '"ok"', { Name: "flaky" }),
      event("StepSucceeded", "2", {
        StepSucceededDetails: { Result: { Payload: "1" }, RetryDetails: { NextAttemptDelaySeconds: 1 } },
      }),
      event("ExecutionFailed", "0", { EventTimestamp: "2026-01-01T00:00:00.000Z" }),
    ]);

    expect(source.input).toBe('{"a":1}');
    expect(source.status).toBe("FAILED");
    expect(source.endTimestamp?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(source.operations.get(h("1"))).toMatchObject({
      status: "SUCCEEDED",
      result: '"ok"',
      name: "flaky",
    });
    expect(source.operations.get(h("2"))?.status).toBe("PENDING");
  });
});

describe("the redrive seed", () => {
  it("takes what succeeded, reruns maps, parallels and failed operations, keeps succeeded items", () => {
    const seed = new RedriveSeed("arn:source");
    seed.overlay(
      foldSourceHistory([
        succeeded("Step", "1", "1"),
        succeeded("Wait", "2"),
        succeeded("Context", "3", '{"all":[]}', { SubType: "Map" }),
        succeeded("Context", "3-1", "10", { SubType: "MapIteration", ParentId: h("3") }),
        event("ContextFailed", "3-2", { SubType: "MapIteration", ParentId: h("3") }),
        event("StepFailed", "4"),
      ]),
    );

    expect(seed.peek(h("1"))?.StepDetails?.Result).toBe("1");
    expect(seed.peek(h("2"))?.Status).toBe("SUCCEEDED");
    expect(seed.peek(h("3"))).toBeUndefined();
    expect(seed.peek(h("3-1"))?.ContextDetails?.Result).toBe("10");
    expect(seed.peek(h("3-2"))).toBeUndefined();
    expect(seed.peek(h("4"))).toBeUndefined();
  });

  it("rebuilds a child context whose result was not stored from its children", () => {
    const seed = new RedriveSeed("arn:source");
    seed.overlay(
      foldSourceHistory([
        succeeded("Context", "1", ""),
        succeeded("Step", "1-1", '"x"', { ParentId: h("1") }),
      ]),
    );

    expect(seed.peek(h("1"))).toBeUndefined();
    expect(seed.peek(h("1-1"))).toBeDefined();
  });

  it("drops the rest of a context from a divergence, with everything under it", () => {
    const seed = new RedriveSeed("arn:source");
    seed.overlay(
      foldSourceHistory([
        succeeded("Step", "1", "1"),
        succeeded("Step", "2", "2"),
        succeeded("Context", "3", "3"),
        succeeded("Step", "3-1", "31", { ParentId: h("3") }),
        succeeded("Step", "4", "4"),
      ]),
    );

    expect(seed.divergeFrom("2")).toBe(4);
    expect(seed.peek(h("1"))).toBeDefined();
    expect([h("2"), h("3"), h("3-1"), h("4")].map((id) => seed.peek(id))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("follows a chain: a later link's results win, and its divergences drop what it ran fresh", () => {
    const seed = new RedriveSeed("arn:second");
    seed.overlay(foldSourceHistory([succeeded("Step", "1", '"first"'), succeeded("Step", "2", '"old"')]));
    seed.overlay(
      foldSourceHistory([
        succeeded("Step", "2-redrive-divergence", JSON.stringify({ from: "2" }), {
          SubType: "RedriveDivergence",
        }),
        event("StepFailed", "2"),
      ]),
    );

    expect(seed.peek(h("1"))?.StepDetails?.Result).toBe('"first"');
    expect(seed.peek(h("2"))).toBeUndefined();
    expect(seed.size).toBe(1);
  });
});
