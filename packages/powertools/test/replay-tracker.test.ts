import type { OperationInfo } from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { ReplayTracker, ROOT_CONTEXT_KEY } from "../src/scope/replay-tracker.js";

function operation(id: string, type: string, status: string, parentId?: string): OperationInfo {
  return {
    id,
    type,
    status,
    isReplay: false,
    ...(parentId === undefined ? {} : { parentId }),
  } as OperationInfo;
}

function operations(...list: OperationInfo[]): Record<string, OperationInfo> {
  return Object.fromEntries(list.map((item) => [item.id, item]));
}

const EXECUTION = operation("execution", "EXECUTION", "STARTED");

describe("ReplayTracker", () => {
  it("replays nothing on the first invocation", () => {
    const tracker = new ReplayTracker(operations(EXECUTION));

    expect(tracker.isReplaying(ROOT_CONTEXT_KEY)).toBe(false);
  });

  it("replays the root until the last reporting operation is reached", () => {
    const tracker = new ReplayTracker(
      operations(
        EXECUTION,
        operation("step-1", "STEP", "SUCCEEDED"),
        operation("wait-2", "WAIT", "SUCCEEDED"),
        operation("step-3", "STEP", "SUCCEEDED"),
        operation("wait-4", "WAIT", "SUCCEEDED"),
      ),
    );

    expect(tracker.isReplaying(ROOT_CONTEXT_KEY)).toBe(true);
    tracker.reached(operation("wait-2", "WAIT", "SUCCEEDED"));
    expect(tracker.isReplaying(ROOT_CONTEXT_KEY)).toBe(true);
    tracker.reached(operation("wait-4", "WAIT", "SUCCEEDED"));
    expect(tracker.isReplaying(ROOT_CONTEXT_KEY)).toBe(false);
  });

  it("stops replaying a context as soon as it starts a new operation", () => {
    const tracker = new ReplayTracker(operations(EXECUTION, operation("step-1", "STEP", "SUCCEEDED")));

    expect(tracker.isReplaying(ROOT_CONTEXT_KEY)).toBe(true);
    tracker.started({ id: "step-2", type: "STEP", isReplay: false });
    expect(tracker.isReplaying(ROOT_CONTEXT_KEY)).toBe(false);
  });

  it("tracks child contexts apart from the root", () => {
    const tracker = new ReplayTracker(
      operations(
        EXECUTION,
        operation("child", "CONTEXT", "STARTED"),
        operation("child-wait", "WAIT", "STARTED", "child"),
      ),
    );

    tracker.enteredContext({ ...operation("child", "CONTEXT", "STARTED"), isReplay: true });
    expect(tracker.isReplaying(ROOT_CONTEXT_KEY)).toBe(false);
    expect(tracker.isReplaying("child")).toBe(true);
    tracker.started({ ...operation("child-wait", "WAIT", "STARTED", "child"), isReplay: true });
    expect(tracker.isReplaying("child")).toBe(false);
  });

  it("does not end its context's replay for a context that is never checkpointed, started while replaying", () => {
    const tracker = new ReplayTracker(
      operations(
        EXECUTION,
        operation("map", "CONTEXT", "STARTED"),
        operation("item-step", "STEP", "SUCCEEDED", "map"),
      ),
    );
    const flatItem: OperationInfo = { id: "flat-item", type: "CONTEXT", parentId: "map", isReplay: true };

    tracker.started(flatItem);

    expect(tracker.isReplaying("map")).toBe(true);
    expect(tracker.childKeyOf(flatItem)).toBe("map");
  });

  it("keeps a context that runs again only to rebuild its result replaying throughout", () => {
    const tracker = new ReplayTracker(
      operations(
        EXECUTION,
        operation("big", "CONTEXT", "SUCCEEDED"),
        operation("big-wait", "WAIT", "SUCCEEDED", "big"),
      ),
    );

    tracker.enteredContext({ ...operation("big", "CONTEXT", "SUCCEEDED"), isReplay: true });
    tracker.reached(operation("big-wait", "WAIT", "SUCCEEDED", "big"));

    expect(tracker.isReplaying("big")).toBe(true);
  });
});
