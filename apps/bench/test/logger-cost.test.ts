import { describe, expect, it } from "vitest";
import { renderLoggerCost, runLoggerCostBenchmark } from "../src/logger-cost.js";

// Proves the logger benchmark runs and that each logger wrote what it should; no timing assertions.
describe("the logger cost benchmark", () => {
  it("measures both loggers in every scenario; ours writes nothing for replayed code", async () => {
    const result = await runLoggerCostBenchmark({ records: 5, warmupRuns: 0, runs: 2 });

    expect(result.rows.map((row) => [row.powertoolsLines, row.durableLines])).toEqual([
      [5, 5],
      [5, 5],
      [5, 0],
    ]);
    expect(
      result.rows.every((row) => row.durableNs.runs.length === 2 && row.powertoolsNs.runs.length === 2),
    ).toBe(true);
    expect(renderLoggerCost(result)).toContain("| Logger cost");
  });
});
