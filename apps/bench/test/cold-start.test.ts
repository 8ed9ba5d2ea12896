import { describe, expect, it } from "vitest";
import { runColdStartBenchmark } from "../src/cold-start/cold-start-benchmark.js";
import { renderColdStart } from "../src/cold-start/cold-start-report.js";

// One fresh process per engine and sample: both default transports reach the local service over
// HTTP, and ours does so without loading the AWS SDK. No timing assertions; the numbers live in
// `npm run bench`.
describe("the cold-start benchmark", () => {
  it("checkpoints over HTTP from a fresh process on both engines, ours without the AWS SDK", async () => {
    const result = await runColdStartBenchmark({ runs: 1 });

    expect(result.engines.ours.status).toBe("SUCCEEDED");
    expect(result.engines.official.status).toBe("SUCCEEDED");
    expect(result.engines.ours.awsSdkModulesLoaded).toBe(0);
    expect(result.engines.official.awsSdkModulesLoaded).toBeGreaterThan(0);
    expect(renderColdStart(result)).toContain("first checkpoint acknowledged");
  });
});
