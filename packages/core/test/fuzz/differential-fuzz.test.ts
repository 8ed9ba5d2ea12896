import { describe, expect, it } from "vitest";
import { type Difference, differencesOf, type EngineConfig } from "./compare.js";
import { shrinkWorkflow } from "./shrink.js";
import { generateWorkflow, type Workflow } from "./workflow.js";

/**
 * Differential fuzzing against @aws/durable-execution-sdk-js: random workflows over the whole API
 * run on both engines (odd seeds with a plugin observing every hook); results, errors, operations
 * and each operation's updates must be identical.
 * `npm test` runs a bounded number of seeds; `npm run fuzz -- --runs N --seed S` runs many.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 40);
const firstSeed = Number(process.env.FUZZ_SEED ?? 1);
/** How many divergent seeds a run reports before it stops. */
const maxReported = Number(process.env.FUZZ_MAX_REPORTED ?? 3);

/** A plugin observing every hook: hook calls take microtask turns, which must match too. */
const observingPlugin = {
  onInvocationStart: () => {},
  onInvocationEnd: () => {},
  onOperationStart: () => {},
  onOperationEnd: () => {},
  onOperationAttemptStart: () => {},
  onOperationAttemptEnd: async () => {},
  onOperationChange: () => {},
};

/** Odd seeds run with a plugin observing every hook, even seeds without plugins. */
function configFor(seed: number): EngineConfig {
  return seed % 2 === 1 ? { plugins: [observingPlugin] } : undefined;
}

interface Divergence {
  seed: number;
  workflow: Workflow;
  differences: Difference[];
}

function describeDivergence({ seed, workflow, differences }: Divergence): string {
  return [
    `divergence at seed ${seed} (rerun: npm run fuzz -- --runs 1 --seed ${seed})`,
    `minimal workflow${seed % 2 === 1 ? " (with a plugin observing every hook)" : ""}: ${JSON.stringify(workflow)}`,
    ...differences.map(
      (d) =>
        `  ${d.path}\n    official: ${JSON.stringify(d.official)}\n    ours:     ${JSON.stringify(d.ours)}`,
    ),
  ].join("\n");
}

/**
 * Shrinks a divergence to a small workflow that still diverges. A divergence that does not show
 * again on a later run still counts: it is reported with the differences first seen.
 */
async function minimalDivergence(seed: number, differences: Difference[]): Promise<Divergence> {
  const workflow = await shrinkWorkflow(
    generateWorkflow(seed),
    async (candidate) => (await differencesOf(candidate, configFor(seed))).differences.length > 0,
  );
  const again = (await differencesOf(workflow, configFor(seed))).differences;
  return { seed, workflow, differences: again.length > 0 ? again : differences };
}

function seedList(seeds: number[]): string {
  return seeds.length > 0 ? ` (seeds ${seeds.join(", ")})` : "";
}

describe("random workflows behave the same on both engines", () => {
  it(`for ${runs} workflows from seed ${firstSeed}`, {
    timeout: Math.max(120_000, runs * 10_000),
  }, async () => {
    const divergences: Divergence[] = [];
    const officialTooSlow: number[] = [];
    const otherInvocationCount: number[] = [];
    const timingDependent: number[] = [];
    const started = Date.now();
    let ran = 0;
    for (let seed = firstSeed; seed < firstSeed + runs && divergences.length < maxReported; seed++) {
      ran++;
      const comparison = await differencesOf(generateWorkflow(seed), configFor(seed));
      if (comparison.officialTooSlow) officialTooSlow.push(seed);
      if (comparison.otherInvocationCount) otherInvocationCount.push(seed);
      if (comparison.timingDependent) timingDependent.push(seed);
      if (comparison.differences.length === 0) continue;
      const divergence = await minimalDivergence(seed, comparison.differences);
      divergences.push(divergence);
      console.log(describeDivergence(divergence));
    }
    if (process.env.FUZZ_RUNS !== undefined) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `fuzz: ${ran} of ${runs} workflows from seed ${firstSeed} in ${seconds} s` +
          `${ran < runs ? ` (stopped after ${maxReported} divergences)` : ""}: ` +
          `${divergences.length} divergent${seedList(divergences.map((d) => d.seed))}; ` +
          "not divergent, listed in the README's compatibility table: " +
          `${officialTooSlow.length} not finished by the official engine within the time limit${seedList(officialTooSlow)}, ` +
          `${otherInvocationCount.length} differing only in the number of invocations${seedList(otherInvocationCount)}, ` +
          `${timingDependent.length} seen to give another history on a rerun of the same engine${seedList(timingDependent)}`,
      );
    }
    expect(divergences.map(describeDivergence)).toEqual([]);
  });
});
