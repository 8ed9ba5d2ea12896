import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { LocalDurableService, startLocalDurableServer } from "@durable-lambda/testing";
import { ENGINE_IDS, type EngineId, Engines } from "../harness/engines.js";
import { ratio, type Sample, summarize } from "../harness/stats.js";

const execFileAsync = promisify(execFile);

/** The package directory: child processes resolve the engines from here, as a function's code would. */
const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** The probe as built (`dist/`), also when this module runs from `src/` under the test runner. */
const PROBE = fileURLToPath(new URL("../../dist/cold-start/cold-start-probe.js", import.meta.url));
const AWS_SDK_PATTERN = /[/\\]@aws-sdk[/\\]/;

export interface ColdStartOptions {
  /** Fresh processes per engine (interleaved ours, official, ours, …). */
  runs: number;
}

export const defaultColdStartOptions: ColdStartOptions = { runs: 11 };

export interface ColdStartEngineResult {
  packageName: string;
  /** From before `import()` of the engine to the first step's checkpoint acknowledged, in ms. */
  firstCheckpointMs: Sample;
  /** CPU time (user + system) the process spent over the same span, in ms: steadier on a busy machine. */
  firstCheckpointCpuMs: Sample;
  /** Module files loaded by the whole cold start (engine, transport, everything they import). */
  modulesLoaded: number;
  /** How many of those are `@aws-sdk/*` modules. */
  awsSdkModulesLoaded: number;
  /** Status of the probe invocation (must be SUCCEEDED). */
  status: string;
}

export interface ColdStartResult {
  runs: number;
  engines: Record<EngineId, ColdStartEngineResult>;
  /** Median time to the first checkpoint, ours / official. */
  timeRatio: number | null;
  /** Median CPU time to the first checkpoint, ours / official. */
  cpuRatio: number | null;
}

interface ProbeOutput {
  firstCheckpointMs: number;
  firstCheckpointCpuMs: number;
  status: string;
  loaded: string[];
}

/**
 * Cold start to the first checkpoint: a fresh Node process per sample imports the engine, wraps a
 * one-step handler with the engine's default transport (no client passed: what a function deployed
 * with defaults does) and invokes it with a fresh execution's envelope; the step's checkpoint goes
 * over HTTP to a local durable service (`@durable-lambda/testing`) on loopback, found through
 * `AWS_ENDPOINT_URL_LAMBDA`, with credentials and region in the environment as Lambda sets them.
 * Timed inside the process from before the import to the checkpoint acknowledged (process start-up
 * excluded); median of `runs`, engines interleaved. One more process per engine lists the modules
 * the cold start loaded.
 */
export async function runColdStartBenchmark(
  options: ColdStartOptions = defaultColdStartOptions,
): Promise<ColdStartResult> {
  const service = new LocalDurableService();
  const server = await startLocalDurableServer({ service });
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL_LAMBDA: server.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDCOLDSTART",
    AWS_SECRET_ACCESS_KEY: "cold-start-secret",
    AWS_SESSION_TOKEN: "cold-start-session",
  };
  const probe = async (engine: EngineId, inventory: boolean): Promise<ProbeOutput> => {
    const arn = service.startExecution({ functionName: `cold-start-${engine}`, input: "{}" });
    const event = service.startInvocation(arn);
    const { stdout } = await execFileAsync(process.execPath, [PROBE, Engines[engine].packageName], {
      cwd: BENCH_DIR,
      env: { ...env, COLD_START_EVENT: JSON.stringify(event), COLD_START_INVENTORY: inventory ? "1" : "0" },
    });
    return JSON.parse(stdout) as ProbeOutput;
  };
  try {
    const times: Record<EngineId, number[]> = { ours: [], official: [] };
    const cpuTimes: Record<EngineId, number[]> = { ours: [], official: [] };
    const statuses: Record<EngineId, string> = { ours: "", official: "" };
    for (let run = 0; run < options.runs; run++) {
      for (const engine of ENGINE_IDS) {
        const output = await probe(engine, false);
        times[engine].push(output.firstCheckpointMs);
        cpuTimes[engine].push(output.firstCheckpointCpuMs);
        statuses[engine] = output.status;
      }
    }
    const engines = {} as Record<EngineId, ColdStartEngineResult>;
    for (const engine of ENGINE_IDS) {
      const { loaded } = await probe(engine, true);
      engines[engine] = {
        packageName: Engines[engine].packageName,
        firstCheckpointMs: summarize(times[engine]),
        firstCheckpointCpuMs: summarize(cpuTimes[engine]),
        modulesLoaded: loaded.length,
        awsSdkModulesLoaded: loaded.filter((url) => AWS_SDK_PATTERN.test(url)).length,
        status: statuses[engine],
      };
    }
    return {
      runs: options.runs,
      engines,
      timeRatio: ratio(engines.ours.firstCheckpointMs.median, engines.official.firstCheckpointMs.median),
      cpuRatio: ratio(engines.ours.firstCheckpointCpuMs.median, engines.official.firstCheckpointCpuMs.median),
    };
  } finally {
    await server.close();
  }
}
