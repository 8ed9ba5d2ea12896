import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The runtime exports of `@durable-lambda/testing`. */
const EXPORTS = [
  "DurableExecutionInvocationInputWithClient",
  "DurableServiceError",
  "EventType",
  "ExecutionStatus",
  "FaultKind",
  "InMemoryDurableStore",
  "InvocationType",
  "LambdaDurableApi",
  "INVALID_CHECKPOINT_TOKEN_PREFIX",
  "LocalDurableRunner",
  "LocalDurableService",
  "LocalRunResult",
  "LocalRunnerError",
  "OperationAction",
  "OperationHandle",
  "OperationStatus",
  "OperationType",
  "PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE",
  "RUNNER_DEFAULTS",
  "RunnerTransport",
  "ServiceApi",
  "ServiceErrorCode",
  "ServiceErrorHttpStatus",
  "ServiceLimits",
  "VirtualClock",
  "WaitingStatus",
  "createLambdaContext",
  "createNetworkError",
  "createServiceError",
  "formatOffset",
  "formatRunReport",
  "historyTable",
  "operationsTable",
  "textTable",
  "isDurableServiceError",
  "startLocalDurableServer",
];

describe("the public surface of @durable-lambda/testing", () => {
  it("exports exactly the listed names", async () => {
    const testing = await import("@durable-lambda/testing");

    expect(Object.keys(testing).sort()).toEqual([...EXPORTS].sort());
  });

  it("names every export in src/index.ts (no export *)", () => {
    const text = readFileSync(join(import.meta.dirname, "../src/index.ts"), "utf8");

    expect(text).not.toMatch(/export \*/);
  });
});
