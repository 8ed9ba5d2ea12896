import type { Event } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import type { DurableStore, ExecutionRecord, OperationRecord } from "../../src/index.js";

// The behaviour every DurableStore must have, as a reusable suite: a persistent store runs it
// with its own factory (`describeDurableStore("SQLite store", () => new SqliteStore(...))`).

const T0 = Date.UTC(2030, 0, 1);

function execution(sequence: number, overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  const id = `id-${sequence}`;
  const name = overrides.name ?? `run-${sequence}`;
  const functionName = overrides.functionName ?? "orders";
  const version = overrides.version ?? "$LATEST";
  return {
    id,
    sequence,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:${version}/durable-execution/${name}/${id}`,
    name,
    functionName,
    functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:${version}`,
    version,
    input: "{}",
    status: "RUNNING",
    startTimestamp: new Date(T0 + sequence * 1000),
    invocationCount: 0,
    undelivered: [],
    ...overrides,
  };
}

function operation(id: string, status = "STARTED"): OperationRecord {
  return { op: { Id: id, Type: "STEP", Status: status as never, StartTimestamp: new Date(T0) } };
}

/** Runs the store contract against stores made by `create` (a fresh, empty store per test). */
export function describeDurableStore(name: string, create: () => DurableStore): void {
  describe(`${name}: the DurableStore contract`, () => {
    it("keeps executions, found by id, ARN and function + name, in start order", () => {
      const store = create();
      expect(store.nextExecutionSequence()).toBe(1);
      const first = execution(1);
      store.transaction(() => store.putExecution(first));
      expect(store.nextExecutionSequence()).toBe(2);
      store.putExecution(execution(2, { name: "second" }));
      expect(store.getExecution("id-1")).toEqual(first);
      expect(store.getExecutionByArn(first.arn)?.id).toBe("id-1");
      expect(store.getExecutionByName("orders", "second")?.id).toBe("id-2");
      expect(store.getExecutionByName("billing", "second")).toBeUndefined();
      expect(store.listExecutions().map((record) => record.id)).toEqual(["id-1", "id-2"]);
      store.putExecution({
        ...first,
        status: "SUCCEEDED",
        endTimestamp: new Date(T0 + 5000),
        invocation: undefined,
      });
      expect(store.getExecution("id-1")?.status).toBe("SUCCEEDED");
      expect(store.getExecution("id-1")?.endTimestamp).toEqual(new Date(T0 + 5000));
      expect(store.listExecutions()).toHaveLength(2);
    });

    it("round-trips every field of an execution, including the running invocation", () => {
      const store = create();
      const record = execution(1, {
        executionTimeoutSeconds: 60,
        invocationCount: 2,
        undelivered: ["a", "b"],
        parent: { executionId: "p", operationId: "o" },
        error: { ErrorType: "E", ErrorMessage: "m", StackTrace: ["x"] },
        invocation: {
          number: 2,
          requestId: "r",
          startTimestamp: new Date(T0),
          seq: 3,
          dirty: ["a"],
          last: {
            seq: 2,
            clientToken: "c",
            response: { CheckpointToken: "t", NewExecutionState: { Operations: [] } },
          },
        },
      });
      store.putExecution(record);
      expect(store.getExecution("id-1")).toEqual(record);
    });

    it("answers execution queries with every filter, both orders and paging after a sequence", () => {
      const store = create();
      store.putExecution(execution(1, { status: "SUCCEEDED" }));
      store.putExecution(execution(2, { functionName: "billing" }));
      store.putExecution(execution(3, { version: "2" }));
      store.putExecution(execution(4, { name: "special" }));
      const ids = (records: ExecutionRecord[]) => records.map((record) => record.id);
      const base = { functionName: "orders", reverseOrder: false, limit: 10 };
      expect(ids(store.queryExecutions(base))).toEqual(["id-1", "id-3", "id-4"]);
      expect(ids(store.queryExecutions({ ...base, reverseOrder: true }))).toEqual(["id-4", "id-3", "id-1"]);
      expect(ids(store.queryExecutions({ ...base, version: "2" }))).toEqual(["id-3"]);
      expect(ids(store.queryExecutions({ ...base, executionName: "special" }))).toEqual(["id-4"]);
      expect(ids(store.queryExecutions({ ...base, statuses: ["RUNNING"] }))).toEqual(["id-3", "id-4"]);
      expect(ids(store.queryExecutions({ ...base, startedAfter: new Date(T0 + 1000) }))).toEqual([
        "id-3",
        "id-4",
      ]);
      expect(ids(store.queryExecutions({ ...base, startedBefore: new Date(T0 + 4000) }))).toEqual([
        "id-1",
        "id-3",
      ]);
      expect(ids(store.queryExecutions({ ...base, limit: 2 }))).toEqual(["id-1", "id-3"]);
      expect(ids(store.queryExecutions({ ...base, afterSequence: 1 }))).toEqual(["id-3", "id-4"]);
      expect(ids(store.queryExecutions({ ...base, reverseOrder: true, afterSequence: 4 }))).toEqual([
        "id-3",
        "id-1",
      ]);
    });

    it("keeps operations in first-stored order, replacing in place", () => {
      const store = create();
      store.putExecution(execution(1));
      store.putOperation("id-1", operation("b"));
      store.putOperation("id-1", operation("a"));
      store.putOperation("id-1", { ...operation("b", "SUCCEEDED"), waitSeconds: 3 });
      expect(store.listOperations("id-1").map((record) => [record.op.Id, record.op.Status])).toEqual([
        ["b", "SUCCEEDED"],
        ["a", "STARTED"],
      ]);
      expect(store.getOperation("id-1", "b")?.waitSeconds).toBe(3);
      expect(store.getOperation("id-1", "nope")).toBeUndefined();
      expect(store.listOperations("id-404")).toEqual([]);
    });

    it("appends history events and counts them", () => {
      const store = create();
      store.putExecution(execution(1));
      const event: Event = {
        EventType: "StepStarted",
        EventId: 1,
        EventTimestamp: new Date(T0),
        Id: "a",
        StepStartedDetails: {},
      };
      store.appendEvent("id-1", event);
      store.appendEvent("id-1", { ...event, EventId: 2 });
      expect(store.eventCount("id-1")).toBe(2);
      expect(store.listEvents("id-1")).toEqual([event, { ...event, EventId: 2 }]);
    });

    it("keeps one timer per kind and operation, finds the earliest, deletes one or all", () => {
      const store = create();
      store.putExecution(execution(1));
      store.putExecution(execution(2));
      store.putTimer("id-1", { kind: "wait", operationId: "a", dueAt: 5000 });
      store.putTimer("id-1", { kind: "wait", operationId: "a", dueAt: 7000 });
      store.putTimer("id-1", { kind: "retry", operationId: "a", dueAt: 9000 });
      store.putTimer("id-2", { kind: "callbackTimeout", operationId: "c", dueAt: 6000 });
      expect(store.listTimers("id-1")).toHaveLength(2);
      expect(store.nextTimer()).toEqual({ executionId: "id-2", dueAt: 6000 });
      store.deleteTimer("id-2", "callbackTimeout", "c");
      expect(store.nextTimer()).toEqual({ executionId: "id-1", dueAt: 7000 });
      store.deleteTimers("id-1");
      expect(store.listTimers("id-1")).toEqual([]);
      expect(store.nextTimer()).toBeUndefined();
    });

    it("resolves callback ids to their execution and operation", () => {
      const store = create();
      store.putCallback("cb-1", { executionId: "id-1", operationId: "a" });
      expect(store.getCallback("cb-1")).toEqual({ executionId: "id-1", operationId: "a" });
      expect(store.getCallback("cb-2")).toBeUndefined();
    });

    it("returns what the transaction's work returns and passes its errors on", () => {
      const store = create();
      expect(store.transaction(() => 42)).toBe(42);
      expect(() =>
        store.transaction(() => {
          throw new Error("inside");
        }),
      ).toThrow("inside");
    });
  });
}
