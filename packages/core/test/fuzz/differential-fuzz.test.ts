import { describe, expect, it } from "vitest";
import { type Difference, differencesOf } from "./compare.js";
import { shrinkWorkflow } from "./shrink.js";
import { generateWorkflow, type Workflow } from "./workflow.js";

/**
 * Differential fuzzing against @aws/durable-execution-sdk-js: random workflows over the whole API
 * run on both engines; results, errors, operations and each operation's updates must be identical.
 * `npm test` runs a bounded number of seeds; `npm run fuzz -- --runs N --seed S` runs many.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 40);
const firstSeed = Number(process.env.FUZZ_SEED ?? 1);
/** How many divergent seeds a run reports before it stops. */
const maxReported = Number(process.env.FUZZ_MAX_REPORTED ?? 3);

interface Divergence {
  seed: number;
  workflow: Workflow;
  differences: Difference[];
}

function describeDivergence({ seed, workflow, differences }: Divergence): string {
  return [
    `divergence at seed ${seed} (rerun: npm run fuzz -- --runs 1 --seed ${seed})`,
    `minimal workflow: ${JSON.stringify(workflow)}`,
    ...differences.map(
      (d) =>
        `  ${d.path}\n    official: ${JSON.stringify(d.official)}\n    ours:     ${JSON.stringify(d.ours)}`,
    ),
  ].join("\n");
}

/** Shrinks a stable divergence to a small workflow that still diverges on every run. */
async function minimalDivergence(seed: number): Promise<Divergence> {
  const workflow = await shrinkWorkflow(generateWorkflow(seed), async (candidate) => {
    const { differences, stable } = await differencesOf(candidate);
    return differences.length > 0 && stable;
  });
  return { seed, workflow, differences: (await differencesOf(workflow)).differences };
}

describe("random workflows behave the same on both engines", () => {
  it(`for ${runs} workflows from seed ${firstSeed}`, {
    timeout: Math.max(120_000, runs * 10_000),
  }, async () => {
    const divergences: Divergence[] = [];
    const unstable: number[] = [];
    const skipped: number[] = [];
    const known: number[] = [];
    const started = Date.now();
    let ran = 0;
    for (let seed = firstSeed; seed < firstSeed + runs && divergences.length < maxReported; seed++) {
      ran++;
      const {
        differences,
        stable,
        skipped: officialTooSlow,
        known: knownDifference,
      } = await differencesOf(generateWorkflow(seed));
      if (officialTooSlow) skipped.push(seed);
      if (knownDifference) known.push(seed);
      if (differences.length === 0) continue;
      if (!stable) {
        unstable.push(seed);
        continue;
      }
      const divergence = await minimalDivergence(seed);
      divergences.push(divergence);
      console.log(describeDivergence(divergence));
    }
    if (process.env.FUZZ_RUNS !== undefined) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `fuzz: ${ran} of ${runs} workflows from seed ${firstSeed} in ${seconds} s` +
          `${ran < runs ? ` (stopped after ${maxReported} divergences)` : ""}: ${divergences.length} divergent, ` +
          `${unstable.length} timing-dependent${unstable.length > 0 ? ` (seeds ${unstable.join(", ")})` : ""}, ` +
          `${skipped.length} not finished by the official engine in time${skipped.length > 0 ? ` (seeds ${skipped.join(", ")})` : ""}, ` +
          `${known.length} differing only in the number of invocations (listed in the README)${known.length > 0 ? ` (seeds ${known.join(", ")})` : ""}`,
      );
    }
    expect(divergences.map(describeDivergence)).toEqual([]);
  });
});
