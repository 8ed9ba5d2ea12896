import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CheckpointQueue, UNAWAITED_LINGER_MS } from "../../src/checkpoint/checkpoint-queue.js";
import { CheckpointLimits } from "../../src/checkpoint/limits.js";
import {
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
} from "../../src/errors/index.js";
import { ExecutionState } from "../../src/state/execution-state.js";
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  OperationUpdate,
} from "../../src/types/wire.js";

interface Recorded {
  requests: CheckpointDurableExecutionRequest[];
}

function recordingClient(
  answer: (
    request: CheckpointDurableExecutionRequest,
    index: number,
  ) => CheckpointDurableExecutionResponse = (_, i) => ({
    CheckpointToken: `token-${i + 1}`,
    NewExecutionState: { Operations: [] },
  }),
) {
  const recorded: Recorded = { requests: [] };
  return {
    recorded,
    client: {
      async getExecutionState() {
        return { Operations: [] };
      },
      async checkpoint(request: CheckpointDurableExecutionRequest) {
        recorded.requests.push(structuredClone(request));
        return answer(request, recorded.requests.length - 1);
      },
    },
  };
}

function makeQueue(client: ReturnType<typeof recordingClient>["client"], failures: Error[] = []) {
  const state = new ExecutionState([]);
  const queue = new CheckpointQueue({
    client,
    durableExecutionArn: "arn:test",
    checkpointToken: "token-0",
    state,
    onFailure: (error) => failures.push(error),
    onIdle: () => undefined,
  });
  return { queue, state };
}

function stepUpdate(i: number, payloadBytes = 0): OperationUpdate {
  return { Id: `id-${i}`, Type: "STEP", Action: "SUCCEED", Payload: "x".repeat(payloadBytes) };
}

describe("CheckpointQueue batching", () => {
  it("sends updates queued in the same macrotask in one request", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    await Promise.all([
      queue.enqueue(stepUpdate(1)),
      queue.enqueue(stepUpdate(2)),
      queue.enqueue(stepUpdate(3)),
    ]);

    expect(recorded.requests).toHaveLength(1);
    expect(recorded.requests[0]?.Updates?.map((u) => u.Id)).toEqual(["id-1", "id-2", "id-3"]);
  });

  it("chains tokens: each request carries the token of the previous response", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    await queue.enqueue(stepUpdate(1));
    await queue.enqueue(stepUpdate(2));
    await queue.poll();

    expect(recorded.requests.map((r) => r.CheckpointToken)).toEqual(["token-0", "token-1", "token-2"]);
    expect(recorded.requests[2]?.Updates).toEqual([]);
  });

  it("never exceeds the update-count or byte limits, keeps FIFO order and loses nothing (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 300 * 1024 }), { minLength: 1, maxLength: 600 }),
        async (sizes) => {
          const { client, recorded } = recordingClient();
          const { queue } = makeQueue(client);

          await Promise.all(sizes.map((size, i) => queue.enqueue(stepUpdate(i, size))));

          const sent = recorded.requests.flatMap((r) => r.Updates ?? []).map((u) => u.Id);
          expect(sent).toEqual(sizes.map((_, i) => `id-${i}`));
          for (const request of recorded.requests) {
            const updates = request.Updates ?? [];
            expect(updates.length).toBeLessThanOrEqual(CheckpointLimits.MAX_UPDATES_PER_REQUEST);
            const bytes = updates.reduce((sum, u) => sum + Buffer.byteLength(JSON.stringify(u)), 0);
            if (updates.length > 1) expect(bytes).toBeLessThanOrEqual(CheckpointLimits.MAX_REQUEST_BYTES);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("sends an update larger than the byte limit alone", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    await Promise.all([
      queue.enqueue(stepUpdate(1, 10)),
      queue.enqueue(stepUpdate(2, 800 * 1024)),
      queue.enqueue(stepUpdate(3, 10)),
    ]);

    expect(recorded.requests.map((r) => r.Updates?.map((u) => u.Id))).toEqual([["id-1"], ["id-2"], ["id-3"]]);
  });

  it("applies the response's operations to the state before releasing the caller", async () => {
    const { client } = recordingClient((request, i) => ({
      CheckpointToken: `token-${i + 1}`,
      NewExecutionState: {
        Operations: (request.Updates ?? []).map((u) => ({
          Id: u.Id,
          Type: u.Type,
          Status: "SUCCEEDED" as const,
          StartTimestamp: "2026-01-01T00:00:00Z",
        })),
      },
    }));
    const { queue, state } = makeQueue(client);

    await queue.enqueue(stepUpdate(7));

    expect(state.get("id-7")?.Status).toBe("SUCCEEDED");
    expect(state.get("id-7")?.StartTimestamp).toBeInstanceOf(Date);
  });
});

describe("CheckpointQueue failures", () => {
  function failingClient(error: unknown) {
    return {
      async getExecutionState() {
        return { Operations: [] };
      },
      async checkpoint(): Promise<CheckpointDurableExecutionResponse> {
        throw error;
      },
    };
  }

  function awsError(name: string, status: number, message = "failure") {
    return Object.assign(new Error(message), {
      name,
      $fault: status >= 500 ? "server" : "client",
      $metadata: { httpStatusCode: status, requestId: "req-1" },
    });
  }

  it.each([
    ["throttling (429)", awsError("TooManyRequestsException", 429), CheckpointUnrecoverableInvocationError],
    ["a 5xx", awsError("ServiceException", 500), CheckpointUnrecoverableInvocationError],
    [
      "a stale token",
      awsError("InvalidParameterValueException", 400, "Invalid Checkpoint Token: stale"),
      CheckpointUnrecoverableInvocationError,
    ],
    [
      "another 4xx",
      awsError("InvalidParameterValueException", 400, "Payload too large"),
      CheckpointUnrecoverableExecutionError,
    ],
    [
      "a network error",
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      CheckpointUnrecoverableInvocationError,
    ],
  ])("classifies %s and rejects every waiting caller", async (_label, error, expected) => {
    const failures: Error[] = [];
    const { queue } = makeQueue(failingClient(error), failures);

    const results = await Promise.allSettled([queue.enqueue(stepUpdate(1)), queue.enqueue(stepUpdate(2))]);

    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(expected);
    await expect(queue.enqueue(stepUpdate(3))).rejects.toBeInstanceOf(expected);
    await expect(queue.drain()).rejects.toBeInstanceOf(expected);
  });
});

describe("CheckpointQueue updates nobody awaits", () => {
  // Only timeouts are virtual: setImmediate, which sends awaited updates, stays real.
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  afterEach(() => vi.useRealTimers());

  const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("ride with the next awaited update instead of going out alone", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    void queue.enqueueUnawaited({ ...stepUpdate(1), Action: "START" });
    await macrotask();
    await macrotask();
    expect(recorded.requests).toHaveLength(0);
    await queue.enqueue(stepUpdate(1));

    expect(recorded.requests.map((request) => request.Updates?.map((u) => u.Action))).toEqual([
      ["START", "SUCCEED"],
    ]);
  });

  it("go out on their own once the linger time has passed", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    const written = queue.enqueueUnawaited({ ...stepUpdate(1), Action: "START" });
    await vi.advanceTimersByTimeAsync(UNAWAITED_LINGER_MS - 1);
    expect(recorded.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await written;

    expect(recorded.requests).toHaveLength(1);
    expect(queue.idle).toBe(true);
  });

  it("go out at once when the queue is drained, and keep their order", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    void queue.enqueueUnawaited(stepUpdate(1));
    void queue.enqueueUnawaited(stepUpdate(2));
    expect(queue.idle).toBe(false);
    await queue.drain();

    expect(recorded.requests.map((request) => request.Updates?.map((u) => u.Id))).toEqual([["id-1", "id-2"]]);
  });

  it("go out without waiting once they fill a request", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    const writes = Array.from({ length: CheckpointLimits.MAX_UPDATES_PER_REQUEST }, (_, i) =>
      queue.enqueueUnawaited(stepUpdate(i)),
    );
    await Promise.all(writes);

    expect(recorded.requests.map((request) => request.Updates?.length)).toEqual([
      CheckpointLimits.MAX_UPDATES_PER_REQUEST,
    ]);
  });

  it("queued while a request is in flight wait for the next awaited update", async () => {
    const { client, recorded } = recordingClient();
    const { queue } = makeQueue(client);

    const first = queue.enqueue(stepUpdate(1));
    await macrotask(); // the first request is now in flight
    void queue.enqueueUnawaited(stepUpdate(2));
    await first;
    await macrotask();
    expect(recorded.requests).toHaveLength(1);
    await queue.enqueue(stepUpdate(3));

    expect(recorded.requests.map((request) => request.Updates?.map((u) => u.Id))).toEqual([
      ["id-1"],
      ["id-2", "id-3"],
    ]);
  });

  it("are rejected with the request's failure, and nothing later is sent", async () => {
    const failures: Error[] = [];
    const { client } = recordingClient(() => {
      throw Object.assign(new Error("boom"), { $metadata: { httpStatusCode: 500 } });
    });
    const { queue } = makeQueue(client, failures);

    const lingering = queue.enqueueUnawaited(stepUpdate(1));
    await expect(queue.drain()).rejects.toBeInstanceOf(CheckpointUnrecoverableInvocationError);

    await expect(lingering).rejects.toBeInstanceOf(CheckpointUnrecoverableInvocationError);
    expect(failures).toHaveLength(1);
    expect(queue.idle).toBe(true);
  });
});
