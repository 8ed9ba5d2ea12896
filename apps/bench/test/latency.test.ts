import { describe, expect, it } from "vitest";
import { runLatencyBenchmark } from "../src/latency/latency-benchmark.js";
import { renderLatency } from "../src/latency/latency-report.js";
import {
  largeMap,
  realisticWorkflow,
  sequentialSteps,
  stepsWithIo,
} from "../src/latency/latency-workloads.js";

// Runs every latency scenario with tiny sizes and a 1 ms round trip: each variant must end the
// execution as the official SDK does, and the request counts must respect the workloads' bounds. No
// timing assertions; the numbers live in `npm run bench`.
describe("the latency benchmark", () => {
  it("runs every workload on the official SDK, ours and ours deferred, with the same results", async () => {
    const workflow = realisticWorkflow({
      sequentialSteps: 3,
      childSteps: 2,
      mapItems: 6,
      mapConcurrency: 3,
      parallelBranches: 2,
    });
    const result = await runLatencyBenchmark(
      [
        { workload: workflow, roundTripMs: 1 },
        { workload: sequentialSteps(5), roundTripMs: 1 },
        { workload: largeMap(8, 4), roundTripMs: 0 },
        { workload: stepsWithIo(3, 1), roundTripMs: 1 },
      ],
      1,
    );

    for (const scenario of result.scenarios) {
      expect(scenario.sameResult, scenario.workload).toBe(true);
      const { official, ours, oursDeferred } = scenario.variants;
      expect(official.status, scenario.workload).toBe("SUCCEEDED");
      // Bounds, not equalities: on a loaded machine a linger timer may send a batch early.
      expect(ours.traffic.checkpointRequests, scenario.workload).toBeGreaterThanOrEqual(
        scenario.lowerBound.awaited,
      );
      expect(ours.traffic.checkpointRequests, scenario.workload).toBeLessThanOrEqual(
        official.traffic.checkpointRequests,
      );
      expect(oursDeferred.traffic.checkpointRequests, scenario.workload).toBeGreaterThanOrEqual(
        scenario.lowerBound.deferred,
      );
      expect(oursDeferred.traffic.checkpointRequests, scenario.workload).toBeLessThan(
        scenario.lowerBound.awaited,
      );
      expect(ours.traffic.updates, scenario.workload).toBe(official.traffic.updates);
      expect(oursDeferred.protocolIssues, scenario.workload).toEqual([]);
    }
    expect(renderLatency(result)).toContain("lower bound (awaited / deferred)");
  });
});
