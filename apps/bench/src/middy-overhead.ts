import { fileURLToPath } from "node:url";
import {
  type DurableContext,
  type DurableExecutionInvocationOutput,
  withDurableExecution,
} from "@durable-lambda/core";
import { durable } from "@durable-lambda/middy";
import middy from "@middy/core";
import type { DurableLambda } from "./harness/engines.js";
import { FakeDurableService } from "./harness/fake-durable-service.js";
import { type Sample, summarize } from "./harness/stats.js";
import { executionArn, executionOperation, fakeLambdaContext } from "./harness/wire-records.js";
import { type Row, table } from "./report/results-report.js";

/** Stops a workflow that never finishes (a front end that keeps answering PENDING). */
const MAX_INVOCATIONS = 100;
const MICROS_PER_MILLI = 1000;

/** The brief's target: the middleware costs at most a few percent of a 100-step execution. */
export const MIDDY_OVERHEAD_TARGET_RATIO = 1.05;

/**
 * The front ends measured: the plain wrapper, Middy with `durable()` as the only middleware as users
 * get it, and the same without Middy's early-timeout timer (which Middy arms and clears on every
 * invocation), to tell `durable()`'s cost from Middy's own.
 */
export const FrontEnds = {
  plain: "withDurableExecution(handler)",
  middy: "middy().use(durable()).handler(handler)",
  middyWithoutTimeout: "middy({ timeoutEarlyInMillis: 0 }).use(durable()).handler(handler)",
} as const;
export type FrontEndId = keyof typeof FrontEnds;
const FRONT_END_IDS: readonly FrontEndId[] = ["plain", "middy", "middyWithoutTimeout"];

export interface MiddyOverheadOptions {
  /** Steps of the execution. */
  steps: number;
  /** A one-second wait after every this many steps: the execution spans several invocations. */
  waitEvery: number;
  /** Warm-up and measured executions per front end; the front ends take turns, run by run. */
  warmupRuns: number;
  runs: number;
}

export const defaultMiddyOverheadOptions: MiddyOverheadOptions = {
  steps: 100,
  waitEvery: 25,
  warmupRuns: 30,
  runs: 201,
};

/** The execution both front ends run: `steps` named steps, step i returns i, a wait every `waitEvery`. */
export function overheadWorkflow(steps: number, waitEvery: number) {
  return async (_event: unknown, context: DurableContext): Promise<{ steps: number; sum: number }> => {
    let sum = 0;
    for (let index = 1; index <= steps; index++) {
      sum += await context.step(`step-${index}`, async () => index);
      if (index % waitEvery === 0 && index < steps) await context.wait(`pause-${index}`, { seconds: 1 });
    }
    return { steps, sum };
  };
}

/** The front ends, each wrapped once (a warm container) around the same workflow and transport. */
function wrapFrontEnds(
  options: MiddyOverheadOptions,
  service: FakeDurableService,
): Record<FrontEndId, DurableLambda> {
  const workflow = overheadWorkflow(options.steps, options.waitEvery);
  const config = { durableExecutionClient: service.client };
  const viaMiddy = middy()
    .use(durable(config))
    .handler((event, context) => workflow(event, context));
  const withoutTimeout = middy({ timeoutEarlyInMillis: 0 })
    .use(durable(config))
    .handler((event, context) => workflow(event, context));
  return {
    plain: withDurableExecution(workflow, config),
    // Middy types the function with the handler's event and context; Lambda calls it with the envelope.
    middy: viaMiddy as unknown as DurableLambda,
    middyWithoutTimeout: withoutTimeout as unknown as DurableLambda,
  };
}

interface ExecutionRun {
  output: DurableExecutionInvocationOutput;
  invocations: number;
  timeMs: number;
}

/** One whole execution, invocation after invocation, the fake service ending waits in between. */
async function runExecution(
  lambda: DurableLambda,
  service: FakeDurableService,
  name: string,
): Promise<ExecutionRun> {
  service.load(executionArn(name), [executionOperation({})]);
  let output: DurableExecutionInvocationOutput = { Status: "PENDING" };
  let invocations = 0;
  const started = performance.now();
  while (output.Status === "PENDING" && invocations < MAX_INVOCATIONS) {
    invocations++;
    output = await lambda(service.envelope(), fakeLambdaContext(`${name}-${invocations}`));
    if (output.Status === "PENDING" && service.completeWaitsAndRetries() === 0) break;
  }
  const timeMs = performance.now() - started;
  if (service.protocolIssues.length > 0) {
    throw new Error(`${name}: protocol issues: ${service.protocolIssues.join("; ")}`);
  }
  return { output, invocations, timeMs };
}

export interface FrontEndRun {
  frontEnd: string;
  status: DurableExecutionInvocationOutput["Status"];
  result: string;
  invocations: number;
  /** Wall time of the whole execution (every invocation), in ms. */
  executionMs: Sample;
  /** Median over runs of (this front end's time / the plain front end's time in the same run). */
  pairedRatio: number | null;
}

export interface MiddyOverheadResult {
  steps: number;
  waits: number;
  runs: number;
  frontEnds: Record<FrontEndId, FrontEndRun>;
  /** The headline: `middy().use(durable())` / `withDurableExecution`, median of paired ratios. */
  timeRatio: number | null;
  /** (median middy − median plain) / invocations, in µs: what Middy and the middleware add to one invocation. */
  overheadPerInvocationUs: number;
  /** Every front end ended the execution the same way. */
  sameResult: boolean;
}

function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : summarize(values).median;
}

/**
 * The cost of `middy().use(durable())` over plain `withDurableExecution` for the same handler: a
 * 100-step execution with a wait every 25 steps (4 invocations, each replaying the steps before
 * it), against the in-memory fake service. The front ends run in this process and take turns run by
 * run (the order rotates), so machine drift and garbage collection fall on all of them; the
 * headline ratio is the median of per-run ratios, each taken between executions measured back to
 * back, which holds up on a busy machine where the medians alone drift.
 */
export async function runMiddyOverheadBenchmark(
  options: MiddyOverheadOptions = defaultMiddyOverheadOptions,
): Promise<MiddyOverheadResult> {
  const service = new FakeDurableService();
  const lambdas = wrapFrontEnds(options, service);
  const times: Record<FrontEndId, number[]> = { plain: [], middy: [], middyWithoutTimeout: [] };
  const last = {} as Record<FrontEndId, ExecutionRun>;
  for (let run = 0; run < options.warmupRuns + options.runs; run++) {
    const shift = run % FRONT_END_IDS.length;
    const order = [...FRONT_END_IDS.slice(shift), ...FRONT_END_IDS.slice(0, shift)];
    for (const frontEnd of order) {
      const execution = await runExecution(lambdas[frontEnd], service, `middy-overhead-${frontEnd}-${run}`);
      if (execution.output.Status !== "SUCCEEDED") {
        throw new Error(`${FrontEnds[frontEnd]} ended ${JSON.stringify(execution.output)}`);
      }
      if (run >= options.warmupRuns) times[frontEnd].push(execution.timeMs);
      last[frontEnd] = execution;
    }
  }
  const frontEnds = {} as Record<FrontEndId, FrontEndRun>;
  for (const frontEnd of FRONT_END_IDS) {
    const { output, invocations } = last[frontEnd];
    const pairs = times[frontEnd].map((time, run) => time / (times.plain[run] as number));
    frontEnds[frontEnd] = {
      frontEnd: FrontEnds[frontEnd],
      status: output.Status,
      result: output.Status === "SUCCEEDED" ? (output.Result ?? "") : "",
      invocations,
      executionMs: summarize(times[frontEnd]),
      pairedRatio: median(pairs),
    };
  }
  const { plain, middy: viaMiddy } = frontEnds;
  const sameAsPlain = (run: FrontEndRun) =>
    run.status === plain.status && run.result === plain.result && run.invocations === plain.invocations;
  return {
    steps: options.steps,
    waits: Math.ceil(options.steps / options.waitEvery) - 1,
    runs: options.runs,
    frontEnds,
    timeRatio: viaMiddy.pairedRatio,
    overheadPerInvocationUs:
      ((viaMiddy.executionMs.median - plain.executionMs.median) * MICROS_PER_MILLI) /
      Math.max(plain.invocations, 1),
    sameResult: FRONT_END_IDS.every((frontEnd) => sameAsPlain(frontEnds[frontEnd])),
  };
}

function formatMs(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function formatRatio(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(3)}×`;
}

/** A table of its own (it compares two front ends of this engine, not the two engines) and the target. */
export function renderMiddyOverhead(result: MiddyOverheadResult): string {
  const { plain, middy: viaMiddy, middyWithoutTimeout } = result.frontEnds;
  const shape = `${result.steps} steps, ${result.waits} waits, ${plain.invocations} invocations; median of ${result.runs}`;
  const header: Row = ["Middy overhead", shape, "withDurableExecution", "middy + durable()", "middy / plain"];
  const rows: Row[] = [
    [
      "",
      "whole execution, Middy's defaults",
      formatMs(plain.executionMs.median),
      formatMs(viaMiddy.executionMs.median),
      formatRatio(viaMiddy.pairedRatio),
    ],
    [
      "",
      "whole execution, timeoutEarlyInMillis: 0",
      formatMs(plain.executionMs.median),
      formatMs(middyWithoutTimeout.executionMs.median),
      formatRatio(middyWithoutTimeout.pairedRatio),
    ],
    ["", "added per invocation, Middy's defaults", "", `${result.overheadPerInvocationUs.toFixed(1)} µs`, ""],
  ];
  const met = result.timeRatio !== null && result.timeRatio <= MIDDY_OVERHEAD_TARGET_RATIO;
  const target =
    `- ${met ? "met" : "**missed**"}: middy().use(durable()) / withDurableExecution = ${formatRatio(result.timeRatio)} ` +
    `(target ≤ ${MIDDY_OVERHEAD_TARGET_RATIO}; the ratio is the median of per-run ratios)` +
    (result.sameResult ? "" : "\n- **anomaly**: the front ends ended the execution differently");
  return `${table(header, rows)}\n\n${target}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${renderMiddyOverhead(await runMiddyOverheadBenchmark())}\n`);
}
