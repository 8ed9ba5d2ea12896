import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isSuspension } from "../../src/errors/index.js";
import {
  AwaitTracker,
  SuspensionMonitor,
  type Termination,
} from "../../src/invocation/suspension-monitor.js";
import { ExecutionState } from "../../src/state/execution-state.js";
import type { Operation } from "../../src/types/wire.js";

const isDone = (operation: Operation) => operation.Status === "SUCCEEDED";

function setUp(remainingMs = 60_000) {
  const state = new ExecutionState([
    { Id: "exec", Type: "EXECUTION", Status: "STARTED", StartTimestamp: new Date() },
    { Id: "wait-1", Type: "WAIT", Status: "STARTED", StartTimestamp: new Date() },
  ]);
  const terminations: Termination[] = [];
  const polls: number[] = [];
  let queueIdle = true;
  const monitor = new SuspensionMonitor({
    state,
    isQueueIdle: () => queueIdle,
    poll: async () => {
      polls.push(Date.now());
      // The service completes the wait once its time has come.
      state.apply([{ Id: "wait-1", Type: "WAIT", Status: "SUCCEEDED", StartTimestamp: new Date() }]);
    },
    remainingTimeMs: () => remainingMs,
    onTerminate: (termination) => terminations.push(termination),
  });
  return { state, monitor, terminations, polls, setQueueIdle: (idle: boolean) => (queueIdle = idle) };
}

describe("SuspensionMonitor", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("suspends when the handler awaits a blocked operation and nothing else runs", async () => {
    const { monitor, terminations } = setUp();
    const tracker = new AwaitTracker();
    monitor.beginWork();
    const outcome = monitor.block("wait-1", tracker, isDone, 60_000).then(
      () => "resolved",
      (error: unknown) => error,
    );
    tracker.markAwaited();

    await vi.advanceTimersByTimeAsync(5);

    expect(terminations.map((t) => t.kind)).toEqual(["suspend"]);
    expect(isSuspension(await outcome)).toBe(true);
  });

  it("does not suspend while other work runs, and watches a short wait in process by polling", async () => {
    const { monitor, terminations, polls } = setUp();
    const tracker = new AwaitTracker();
    monitor.beginWork(); // another operation, still running
    monitor.beginWork();
    const blocked = monitor.block("wait-1", tracker, isDone, 1_000);
    tracker.markAwaited();

    await vi.advanceTimersByTimeAsync(999);
    expect(polls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);

    await expect(blocked).resolves.toBeUndefined();
    expect(polls).toEqual([1_000]);
    expect(terminations).toEqual([]);
  });

  it("does not watch in process a wait that would end too close to the Lambda deadline", async () => {
    const { monitor, polls } = setUp(1_500);
    const tracker = new AwaitTracker();
    monitor.beginWork();
    monitor.beginWork();
    void monitor.block("wait-1", tracker, isDone, 1_000).catch(() => undefined);

    await vi.advanceTimersByTimeAsync(5_000);

    expect(polls).toEqual([]);
  });

  it("does not suspend for an operation nobody awaits", async () => {
    const { monitor, terminations } = setUp();
    monitor.beginWork();
    void monitor.block("wait-1", new AwaitTracker(), isDone).catch(() => undefined);

    await vi.advanceTimersByTimeAsync(10);

    expect(terminations).toEqual([]);
  });

  it("does not suspend while a checkpoint is in flight", async () => {
    const { monitor, terminations, setQueueIdle } = setUp();
    const tracker = new AwaitTracker();
    setQueueIdle(false);
    monitor.beginWork();
    void monitor.block("wait-1", tracker, isDone).catch(() => undefined);
    tracker.markAwaited();
    await vi.advanceTimersByTimeAsync(10);
    expect(terminations).toEqual([]);

    setQueueIdle(true);
    monitor.scheduleCheck();
    await vi.advanceTimersByTimeAsync(5);

    expect(terminations.map((t) => t.kind)).toEqual(["suspend"]);
  });

  it("keeps the first termination and ignores later ones", () => {
    const { monitor, terminations } = setUp();

    monitor.terminate({ kind: "fail", error: new Error("first") });
    monitor.terminate({ kind: "suspend", reason: "later" });

    expect(terminations).toHaveLength(1);
    expect(monitor.termination?.kind).toBe("fail");
  });
});
