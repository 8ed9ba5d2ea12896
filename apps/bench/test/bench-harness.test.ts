import { describe, expect, it } from "vitest";
import {
  mapWorkload,
  parallelWorkload,
  runBatchTrafficBenchmark,
} from "../src/batch-traffic/batch-traffic-benchmark.js";
import { runBundleSizeBenchmark } from "../src/bundle-size/bundle-size-benchmark.js";
import { runCheckpointTrafficBenchmark } from "../src/checkpoint-traffic/checkpoint-traffic-benchmark.js";
import { runColdImportBenchmark } from "../src/cold-import/cold-import-benchmark.js";
import { ENGINE_IDS, loadEngine } from "../src/harness/engines.js";
import { FakeDurableService } from "../src/harness/fake-durable-service.js";
import { executionArn, executionOperation, wireOperationId } from "../src/harness/wire-records.js";
import { runReplayBenchmark } from "../src/replay/replay-benchmark.js";
import { expectedReplayResult, measureReplayTiming } from "../src/replay/replay-workload.js";

// The harness proves that every benchmark runs on both engines and that both engines return the
// same result. No timing assertions: the numbers themselves live in `npm run bench`.
// The replay benchmark's child processes run `dist/`: the root `npm test` builds it first.

describe("the fake durable service", () => {
  it("hashes step ids the way the wire does", () => {
    expect(wireOperationId("1")).toBe("c4ca4238a0b92382");
  });

  it("chains tokens, echoes updated records and rejects a stale token", async () => {
    const service = new FakeDurableService();
    service.load(executionArn("unit"), [executionOperation()]);
    const { DurableExecutionArn, CheckpointToken } = service.envelope();
    const update = { Id: "a", Type: "STEP", SubType: "Step", Action: "SUCCEED", Payload: "1" } as const;

    const response = await service.client.checkpoint({
      DurableExecutionArn,
      CheckpointToken,
      Updates: [update],
    });

    expect(response.CheckpointToken).not.toBe(CheckpointToken);
    expect(response.NewExecutionState?.Operations).toMatchObject([
      { Id: "a", Status: "SUCCEEDED", StepDetails: { Result: "1" } },
    ]);
    await expect(
      service.client.checkpoint({ DurableExecutionArn, CheckpointToken, Updates: [] }),
    ).rejects.toThrow(/stale token/);
    expect(service.traffic).toMatchObject({ checkpointRequests: 2, updates: 1, emptyCheckpointRequests: 1 });
  });

  it("ends started waits between invocations", async () => {
    const service = new FakeDurableService();
    service.load(executionArn("unit"), [executionOperation()]);
    const { DurableExecutionArn, CheckpointToken } = service.envelope();
    await service.client.checkpoint({
      DurableExecutionArn,
      CheckpointToken,
      Updates: [{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 5 } }],
    });

    expect(service.completeWaitsAndRetries()).toBe(1);
    expect(service.operation("w")?.Status).toBe("SUCCEEDED");
  });
});

describe("replay benchmark", () => {
  it.each(ENGINE_IDS)("replays 10 steps and runs the 11th on %s in process", async (engineId) => {
    const engine = await loadEngine(engineId);

    const timing = await measureReplayTiming(engine, { completedSteps: 10, warmupRuns: 1, runs: 2 });

    expect(JSON.parse(timing.result)).toEqual(expectedReplayResult(11));
    expect(timing.invocationMs.runs).toHaveLength(2);
    expect(timing.traffic.checkpointRequests).toBeGreaterThan(0);
  });

  it("measures both engines in child processes and both return the same result", async () => {
    const result = await runReplayBenchmark({ sizes: [10, 20], runsFor: () => ({ warmupRuns: 1, runs: 1 }) });

    expect(result.sizes.map((size) => size.sameResult)).toEqual([true, true]);
    expect(JSON.parse(result.sizes[1]!.timing.official.result)).toEqual(expectedReplayResult(21));
    for (const size of result.sizes) {
      for (const engine of ENGINE_IDS) {
        expect(size.memory[engine].allocatedBytes).toBeGreaterThan(0);
        expect(size.memory[engine].peakHeapBytes).toBeGreaterThan(0);
      }
    }
    expect(result.scaling.sizeRatio).toBe(2);
    expect(result.scaling.ours).not.toBeNull();
  });
});

describe("cold import benchmark", () => {
  it("imports both engines in fresh processes without loading @aws-sdk", async () => {
    const result = await runColdImportBenchmark({ runs: 1 });

    for (const engine of ENGINE_IDS) {
      expect(result.engines[engine].importMs.runs).toHaveLength(1);
      expect(result.engines[engine].bundledImportMs.runs).toHaveLength(1);
      expect(result.engines[engine].modulesLoaded).toBeGreaterThan(0);
      expect(result.engines[engine].awsSdkModulesLoaded).toEqual([]);
    }
  });
});

describe("bundle size benchmark", () => {
  it("bundles both engines and compresses them", async () => {
    const result = await runBundleSizeBenchmark();

    for (const engine of ENGINE_IDS) {
      const { rawBytes, gzipBytes } = result.engines[engine];
      expect(gzipBytes).toBeGreaterThan(0);
      expect(gzipBytes).toBeLessThan(rawBytes);
    }
  });
});

describe("checkpoint traffic benchmark", () => {
  it("runs a small mixed workflow to SUCCEEDED on both engines with the same result", async () => {
    const result = await runCheckpointTrafficBenchmark({ steps: 4, childSteps: 2, waits: 2 });

    const { ours, official } = result.engines;
    expect([ours.status, official.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(JSON.parse(ours.outcome)).toEqual({ orderId: "order-42", total: 10, childTotal: 30 });
    expect(result.sameResult).toBe(true);
    expect(ours.invocations).toBe(3);
    expect(ours.protocolIssues).toEqual([]);
    expect(official.protocolIssues).toEqual([]);
    expect(ours.traffic.checkpointRequests).toBeGreaterThan(0);
  });
});

describe("the map and parallel benchmark", () => {
  it("runs a map and a parallel fan-out on both engines with the same result and no protocol issue", async () => {
    const result = await runBatchTrafficBenchmark([mapWorkload(50, 5), parallelWorkload(6)], 1);
    for (const workload of result.workloads) {
      expect(workload.sameResult).toBe(true);
      for (const run of Object.values(workload.engines)) {
        expect(run.status).toBe("SUCCEEDED");
        expect(run.protocolIssues).toEqual([]);
      }
    }
    expect(result.workloads.map((workload) => workload.engines.ours.invocations)).toEqual([1, 2]);
  });
});
