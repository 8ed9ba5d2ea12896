import { ms, times } from "../report/format.js";
import { table } from "../report/results-report.js";
import type { ColdStartResult } from "./cold-start-benchmark.js";

/** Target: a cold start to the first acknowledged checkpoint at most 0.4× the official SDK's. */
export const COLD_START_TARGET_RATIO = 0.4;

/** The cold-start table and its target line. */
export function renderColdStart(result: ColdStartResult): string {
  const { ours, official } = result.engines;
  const ratio = result.timeRatio;
  const rows = [
    [
      "",
      `fresh process: import → first checkpoint acknowledged over HTTP, median of ${result.runs}`,
      ms(ours.firstCheckpointMs.median),
      ms(official.firstCheckpointMs.median),
      times(ratio),
    ],
    [
      "",
      "CPU time over the same span (user + system), median",
      ms(ours.firstCheckpointCpuMs.median),
      ms(official.firstCheckpointCpuMs.median),
      times(result.cpuRatio),
    ],
    ["", "module files loaded", String(ours.modulesLoaded), String(official.modulesLoaded), ""],
    ["", "of them `@aws-sdk/*`", String(ours.awsSdkModulesLoaded), String(official.awsSdkModulesLoaded), ""],
    ["", "invocation status", ours.status, official.status, ""],
  ];
  const met = ratio !== null && ratio <= COLD_START_TARGET_RATIO;
  return [
    table(
      [
        "Cold start",
        "default transport, credentials in the environment",
        "ours",
        "official",
        "ours / official",
      ],
      rows,
    ),
    `- ${met ? "met" : "**missed**"}: cold start (wall time) ours / official = ${times(ratio)} (target ≤ ${COLD_START_TARGET_RATIO})`,
  ].join("\n\n");
}
