// `npm run fuzz -- --runs 5000 --seed 42`: runs the differential fuzzer of packages/core on many
// random workflows (the same test `npm test` runs on a few). Prints the seed and a minimal
// reproduction of every divergence from the official SDK, and exits non-zero when there is one.
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const usage = "usage: npm run fuzz -- [--runs N] [--seed S] [--max-reported K]";
let values;
try {
  ({ values } = parseArgs({
    options: {
      runs: { type: "string", default: "1000" },
      seed: { type: "string", default: String(Date.now() % 1_000_000) },
      "max-reported": { type: "string", default: "3" },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
for (const [name, value] of Object.entries(values)) {
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a whole number, got "${value}".\n${usage}`);
    process.exit(2);
  }
}
console.log(`fuzzing ${values.runs} workflows from seed ${values.seed}`);
const result = spawnSync(
  "npx",
  ["vitest", "run", "packages/core/test/fuzz/differential-fuzz.test.ts", "--silent=false"],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      FUZZ_RUNS: values.runs,
      FUZZ_SEED: values.seed,
      FUZZ_MAX_REPORTED: values["max-reported"],
    },
  },
);
process.exit(result.status ?? 1);
