import { describe, expect, it } from "vitest";
import {
  middyHandler,
  observableOutcome,
  plainHandler,
  runWorkload,
  workloads,
} from "./support/workflows.js";

describe("the durable outcome behind middy().use(durable())", () => {
  it.each(workloads.map((workload) => [workload.name, workload] as const))(
    "matches withDurableExecution for %s",
    async (_name, workload) => {
      const plain = await runWorkload(workload, plainHandler);
      const viaMiddy = await runWorkload(workload, middyHandler);

      expect(plain.invocations.length).toBeGreaterThan(1);
      expect(observableOutcome(viaMiddy)).toEqual(observableOutcome(plain));
    },
  );

  it("ends each workload as the scenario intends", async () => {
    const statuses: Record<string, string> = {};
    for (const workload of workloads)
      statuses[workload.name] = (await runWorkload(workload, middyHandler)).status;

    expect(statuses).toEqual({
      "steps and waits": "SUCCEEDED",
      retries: "SUCCEEDED",
      callbacks: "SUCCEEDED",
      "wait for condition": "SUCCEEDED",
      "map and parallel": "SUCCEEDED",
      "a failing step": "FAILED",
      "a handler error after a caught step error": "FAILED",
      "a result too large for the Lambda response": "SUCCEEDED",
    });
  });
});
