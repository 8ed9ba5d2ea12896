import { describe, expect, it } from "vitest";
import { ExecutionState } from "../../src/state/execution-state.js";
import type { WireOperation } from "../../src/types/wire.js";

const execution: WireOperation = {
  Id: "exec",
  Type: "EXECUTION",
  Status: "STARTED",
  StartTimestamp: new Date(),
};
const op = (Id: string, ParentId?: string, Status: WireOperation["Status"] = "SUCCEEDED"): WireOperation => ({
  Id,
  ParentId,
  Type: "STEP",
  Status,
  StartTimestamp: "2026-01-01T00:00:00.000Z",
});

describe("ExecutionState replay tracking", () => {
  it("starts live when only the EXECUTION operation exists", () => {
    const state = new ExecutionState([execution]);

    expect(state.startedWithHistory).toBe(false);
    expect(state.isReplaying(undefined)).toBe(false);
  });

  it("replays until every operation of a context that existed at start has been visited", () => {
    const state = new ExecutionState([execution, op("a"), op("b", undefined, "STARTED")]);

    expect(state.isReplaying(undefined)).toBe(true);
    state.visit("a");
    expect(state.isReplaying(undefined)).toBe(true);
    state.visit("b");
    expect(state.isReplaying(undefined)).toBe(false);
  });

  it("tracks each context separately so concurrent branches leave replay independently", () => {
    const state = new ExecutionState([execution, op("ctx1"), op("ctx2"), op("x", "ctx1"), op("y", "ctx2")]);
    state.visit("ctx1");
    state.visit("ctx2");

    state.visit("x");

    expect(state.isReplaying("ctx1")).toBe(false);
    expect(state.isReplaying("ctx2")).toBe(true);
    expect(state.isReplaying(undefined)).toBe(false);
  });

  it("ignores visits of new operations and repeated visits", () => {
    const state = new ExecutionState([execution, op("a"), op("b")]);

    state.visit("new");
    state.visit("a");
    state.visit("a");

    expect(state.isReplaying(undefined)).toBe(true);
  });
});

describe("ExecutionState updates", () => {
  it("normalizes string timestamps and drops invalid ones", () => {
    const state = new ExecutionState([
      execution,
      { ...op("w"), Type: "WAIT", WaitDetails: { ScheduledEndTimestamp: "2026-05-01T10:00:00Z" } },
      { ...op("s"), StartTimestamp: "not a date" },
    ]);

    expect(state.get("w")?.WaitDetails?.ScheduledEndTimestamp?.toISOString()).toBe(
      "2026-05-01T10:00:00.000Z",
    );
    expect(state.get("s")?.StartTimestamp).toBeUndefined();
  });

  it("wakes watchers only when the status changes", () => {
    const state = new ExecutionState([execution, op("w", undefined, "STARTED")]);
    const seen: string[] = [];
    const unwatch = state.watch("w", (operation) => seen.push(operation.Status as string));

    state.apply([op("w", undefined, "STARTED")]);
    state.apply([op("w", undefined, "SUCCEEDED")]);
    unwatch();
    state.apply([op("w", undefined, "FAILED")]);

    expect(seen).toEqual(["SUCCEEDED"]);
  });
});

describe("ExecutionState lookups in and out of envelope order", () => {
  it("finds every record whether replay reaches them in order, out of order, or after they were replaced", () => {
    const state = new ExecutionState([
      execution,
      op("a"),
      op("b", undefined, "STARTED"),
      op("c"),
      op("d", "c"),
    ]);

    // Out of order: "c" before "a" and "b".
    expect(state.get("c")?.Id).toBe("c");
    state.visit("c");
    expect(state.isUnvisited("c")).toBe(false);
    expect(state.isUnvisited("a")).toBe(true);
    // In order again.
    expect(state.get("a")?.Id).toBe("a");
    state.visit("a");
    // A replaced record is returned in its new version, even at the cursor.
    state.apply([op("b", undefined, "SUCCEEDED")]);
    expect(state.get("b")?.Status).toBe("SUCCEEDED");
    state.visit("b");
    expect(state.isReplaying(undefined)).toBe(false);
    expect(state.isReplaying("c")).toBe(true);
    state.visit("d");
    expect(state.isReplaying("c")).toBe(false);
    // A record created in this invocation is found, never counted as unvisited.
    state.apply([op("new")]);
    expect(state.get("new")?.Id).toBe("new");
    expect(state.isUnvisited("new")).toBe(false);
    expect(state.size).toBe(6);
    expect([...state.values()].map((operation) => operation.Id)).toEqual(["exec", "a", "b", "c", "d", "new"]);
  });

  it("keeps the first of two records with the same id", () => {
    const state = new ExecutionState([
      execution,
      op("a", undefined, "STARTED"),
      op("a", undefined, "SUCCEEDED"),
    ]);
    expect(state.get("a")?.Status).toBe("STARTED");
    state.visit("a");
    expect(state.isReplaying(undefined)).toBe(false);
  });
});

describe("ExecutionState lookups", () => {
  it("finds every record of a large history, in and out of envelope order, and keeps the first of duplicate ids", () => {
    const ids = Array.from({ length: 5_000 }, (_, index) => `id-${index}`);
    const first = { ...op("id-7"), Name: "first" };
    const duplicate = { ...op("id-7"), Name: "duplicate" };
    const state = new ExecutionState([
      execution,
      ...ids.map((id) => (id === "id-7" ? first : op(id))),
      duplicate,
    ]);

    expect(state.size).toBe(5_001);
    expect(state.get("id-7")?.Name).toBe("first");
    for (let index = ids.length - 1; index >= 0; index -= 7)
      expect(state.get(ids[index] as string)?.Id).toBe(ids[index]);
    expect(state.get("id-5000")).toBeUndefined();
    // The duplicate is not an operation of its own: visiting every id ends replay.
    for (const id of ids) state.visit(id);
    expect(state.isReplaying(undefined)).toBe(false);
  });

  it("indexes records that checkpoint responses add, past the initial table's capacity", () => {
    const state = new ExecutionState([execution]);
    const added = Array.from({ length: 300 }, (_, index) => op(`new-${index}`, undefined, "STARTED"));
    for (const operation of added) state.apply([operation]);
    state.apply([op("new-150", undefined, "SUCCEEDED")]);

    expect(state.size).toBe(301);
    expect(state.get("new-299")?.Status).toBe("STARTED");
    expect(state.get("new-150")?.Status).toBe("SUCCEEDED");
    expect(state.isUnvisited("new-3")).toBe(false);
  });

  it("converts timestamps only when a record is handed out, and peek leaves them as they arrived", () => {
    const state = new ExecutionState([{ ...execution, StartTimestamp: "2026-03-01T00:00:00.000Z" }, op("a")]);

    expect(state.peek("a")?.StartTimestamp).toBe("2026-01-01T00:00:00.000Z");
    expect(state.executionOperation?.StartTimestamp).toEqual(new Date("2026-03-01T00:00:00.000Z"));
    expect([...state.values()].map((operation) => operation.StartTimestamp instanceof Date)).toEqual([
      true,
      true,
    ]);
    expect(state.peek("a")?.StartTimestamp).toEqual(new Date("2026-01-01T00:00:00.000Z"));
  });
});
