import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutionRecord } from "@durable-lambda/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeDurableStore } from "../../testing/test/support/store-contract.js";
import { SqliteDurableStore, StoreOpenError } from "../src/store/sqlite-durable-store.js";
import { eventually } from "./support/dev-process.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-sqlite-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function execution(sequence: number, overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  const id = `id-${sequence}`;
  return {
    id,
    sequence,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/n-${sequence}/${id}`,
    name: `n-${sequence}`,
    functionName: "orders",
    functionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST",
    version: "$LATEST",
    input: "{}",
    status: "RUNNING",
    startTimestamp: new Date(1_700_000_000_000 + sequence * 1000),
    invocationCount: 0,
    undelivered: [],
    ...overrides,
  };
}

describeDurableStore("SqliteDurableStore", () => SqliteDurableStore.open(":memory:"));

describe("SqliteDurableStore records", () => {
  it("gives back what it was given, Dates included, across a reopen", () => {
    const path = join(dir, "store.db");
    const store = SqliteDurableStore.open(path);
    const record = execution(1, { endTimestamp: new Date(5), error: { ErrorType: "E", ErrorMessage: "m" } });
    store.transaction(() => {
      store.putExecution(record);
      store.putOperation(record.id, {
        op: { Id: "op1", Type: "WAIT", Status: "STARTED", StartTimestamp: new Date(7) },
        waitSeconds: 5,
      });
      store.appendEvent(record.id, {
        EventId: 1,
        EventType: "ExecutionStarted",
        EventTimestamp: new Date(8),
      });
      store.putTimer(record.id, { kind: "wait", operationId: "op1", dueAt: 12 });
      store.putCallback("cb", { executionId: record.id, operationId: "op1" });
    });
    store.close();

    const reopened = SqliteDurableStore.open(path);

    expect(reopened.getExecutionByArn(record.arn)).toEqual(record);
    expect(reopened.getExecutionByName("orders", "n-1")).toEqual(record);
    expect(reopened.listOperations(record.id)).toEqual([
      { op: { Id: "op1", Type: "WAIT", Status: "STARTED", StartTimestamp: new Date(7) }, waitSeconds: 5 },
    ]);
    expect(reopened.listEvents(record.id)).toEqual([
      { EventId: 1, EventType: "ExecutionStarted", EventTimestamp: new Date(8) },
    ]);
    expect(reopened.nextTimer()).toEqual({ executionId: record.id, dueAt: 12 });
    expect(reopened.getCallback("cb")).toEqual({ executionId: record.id, operationId: "op1" });
    expect(reopened.nextExecutionSequence()).toBe(2);
    reopened.close();
  });

  it("keeps operations in the order they were first stored", () => {
    const store = SqliteDurableStore.open(":memory:");
    store.putExecution(execution(1));
    for (const id of ["b", "a", "c"])
      store.putOperation("id-1", {
        op: { Id: id, Type: "STEP", Status: "STARTED", StartTimestamp: new Date(1) },
      });
    store.putOperation("id-1", {
      op: { Id: "a", Type: "STEP", Status: "SUCCEEDED", StartTimestamp: new Date(1) },
    });

    expect(store.listOperations("id-1").map((record) => `${record.op.Id}:${record.op.Status}`)).toEqual([
      "b:STARTED",
      "a:SUCCEEDED",
      "c:STARTED",
    ]);
  });

  it("queries executions by function with filters, order and paging", () => {
    const store = SqliteDurableStore.open(":memory:");
    for (let sequence = 1; sequence <= 5; sequence += 1) {
      store.putExecution(execution(sequence, { status: sequence % 2 === 0 ? "SUCCEEDED" : "RUNNING" }));
    }
    store.putExecution(execution(6, { functionName: "other", name: "x", arn: "arn:other" }));
    const names = (records: ExecutionRecord[]) => records.map((record) => record.name);

    expect(names(store.queryExecutions({ functionName: "orders", reverseOrder: false, limit: 10 }))).toEqual([
      "n-1",
      "n-2",
      "n-3",
      "n-4",
      "n-5",
    ]);
    expect(
      names(
        store.queryExecutions({ functionName: "orders", reverseOrder: true, limit: 2, afterSequence: 4 }),
      ),
    ).toEqual(["n-3", "n-2"]);
    expect(
      names(
        store.queryExecutions({
          functionName: "orders",
          reverseOrder: false,
          limit: 10,
          statuses: ["SUCCEEDED"],
        }),
      ),
    ).toEqual(["n-2", "n-4"]);
    expect(
      names(
        store.queryExecutions({
          functionName: "orders",
          reverseOrder: false,
          limit: 10,
          startedAfter: new Date(1_700_000_002_000),
          startedBefore: new Date(1_700_000_005_000),
        }),
      ),
    ).toEqual(["n-3", "n-4"]);
  });

  it("rolls a failed transaction back completely", () => {
    const store = SqliteDurableStore.open(":memory:");

    expect(() =>
      store.transaction(() => {
        store.putExecution(execution(1));
        store.appendEvent("id-1", { EventId: 1, EventType: "ExecutionStarted" });
        throw new Error("validation failed");
      }),
    ).toThrow("validation failed");

    expect(store.getExecution("id-1")).toBeUndefined();
    expect(store.eventCount("id-1")).toBe(0);
  });

  it("refuses a file that is not a store, saying what to do", () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "these are my notes, not a database ".repeat(100));

    expect(() => SqliteDurableStore.open(path)).toThrow(StoreOpenError);
    expect(() => SqliteDurableStore.open(path)).toThrow(
      /cannot open the store .*notes\.txt.*Pass another --store file/,
    );
  });
});

describe("SqliteDurableStore killed mid-write", () => {
  it("stays readable and holds only whole transactions", async () => {
    const path = join(dir, "killed.db");
    const storeModule = new URL("../dist/store/sqlite-durable-store.js", import.meta.url).href;
    // A writer that commits transactions of one execution plus 50 events each, as fast as it can.
    const writer = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `
        const { SqliteDurableStore } = await import(${JSON.stringify(storeModule)});
        const store = SqliteDurableStore.open(${JSON.stringify(path)});
        for (let sequence = 1; ; sequence += 1) {
          store.transaction(() => {
            const id = "id-" + sequence;
            store.putExecution({ id, sequence, arn: "arn-" + sequence, name: "n-" + sequence, functionName: "f", functionArn: "fa",
              version: "$LATEST", input: "x".repeat(2000), status: "RUNNING", startTimestamp: new Date(), invocationCount: 0, undelivered: [] });
            for (let event = 1; event <= 50; event += 1) store.appendEvent(id, { EventId: event, EventType: "StepStarted", Name: "y".repeat(500) });
          });
          if (sequence === 20) process.stdout.write("writing\\n");
        }
        `,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    writer.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    await eventually("the writer to be writing", () => output.includes("writing"));

    writer.kill("SIGKILL");
    await new Promise((resolve) => writer.once("exit", resolve));

    const store = SqliteDurableStore.open(path);
    const executions = store.listExecutions();
    expect(executions.length).toBeGreaterThanOrEqual(20);
    for (const record of executions) expect(store.eventCount(record.id)).toBe(50);
    expect(store.integrityCheck()).toBe("ok");
    store.close();
  });
});
