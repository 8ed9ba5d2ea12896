import { describe, expect, it } from "vitest";
import { renderMiddyOverhead, runMiddyOverheadBenchmark } from "../src/middy-overhead.js";

// Runs the benchmark with tiny sizes: every front end must end the execution the same way. No
// timing assertions; the numbers live in `npm run bench`.
describe("the Middy overhead benchmark", () => {
  it("runs the same execution behind withDurableExecution and middy().use(durable())", async () => {
    const result = await runMiddyOverheadBenchmark({ steps: 10, waitEvery: 4, warmupRuns: 0, runs: 2 });

    expect(result.sameResult).toBe(true);
    expect(result.waits).toBe(2);
    for (const frontEnd of Object.values(result.frontEnds)) {
      expect(frontEnd).toMatchObject({
        status: "SUCCEEDED",
        result: JSON.stringify({ steps: 10, sum: 55 }),
        invocations: 3,
      });
    }
    expect(renderMiddyOverhead(result)).toContain("middy().use(durable()) / withDurableExecution");
  });
});
