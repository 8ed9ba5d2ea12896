/**
 * Cost per log record of `DurableLogger` (`@durable-lambda/powertools`) against the plain
 * Powertools `Logger` it extends, in the situations a durable handler logs in. Run alone with
 * `node apps/bench/dist/logger-cost.js` (after building), or as part of `npm run bench`.
 */
import { fileURLToPath } from "node:url";
import { Logger } from "@aws-lambda-powertools/logger";
import {
  type DurableContext,
  type DurableExecutionInvocationOutput,
  withDurableExecution,
} from "@durable-lambda/core";
import { DurableLogger } from "@durable-lambda/powertools";
import { FakeDurableService } from "./harness/fake-durable-service.js";
import { ratio, type Sample, summarize } from "./harness/stats.js";
import { executionArn, executionOperation, fakeLambdaContext } from "./harness/wire-records.js";
import { type Row, table } from "./report/results-report.js";

/** Where a record is made. */
export const LoggerCostScenarios = {
  outside: "outside an execution",
  step: "inside a step attempt (durable keys added)",
  replay: "replayed handler code (ours drops the record)",
} as const;
export type LoggerCostScenario = keyof typeof LoggerCostScenarios;
const SCENARIOS: readonly LoggerCostScenario[] = ["outside", "step", "replay"];

/** The two loggers measured. */
export const LoggerKinds = {
  powertools: "Powertools Logger",
  durable: "DurableLogger",
} as const;
export type LoggerKind = keyof typeof LoggerKinds;
const LOGGER_KINDS: readonly LoggerKind[] = ["powertools", "durable"];

export interface LoggerCostOptions {
  /** Records per measurement (one logger, one scenario). */
  records: number;
  /** Executions run first and not measured (JIT warm-up). */
  warmupRuns: number;
  /** Measured executions; each measures every scenario with both loggers. */
  runs: number;
}

export const defaultLoggerCostOptions: LoggerCostOptions = { records: 2_000, warmupRuns: 5, runs: 31 };

export interface LoggerCostRow {
  scenario: string;
  /** Nanoseconds per record. */
  powertoolsNs: Sample;
  durableNs: Sample;
  /** Median durable / median Powertools. */
  ratio: number | null;
  /** Lines each logger wrote per measurement (ours writes none for replayed code). */
  powertoolsLines: number;
  durableLines: number;
}

export interface LoggerCostResult {
  records: number;
  runs: number;
  rows: LoggerCostRow[];
}

const NANOS_PER_MILLI = 1_000_000;
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const RECORD_PAYLOAD = { orderId: "o-1042", items: 3, total: 129.5 } as const;

type Timings = Record<LoggerCostScenario, Record<LoggerKind, number[]>>;
type Lines = Record<LoggerCostScenario, Record<LoggerKind, number>>;

/** Replaces `process.stdout.write` by a line counter while `fn` runs: the terminal is not what is measured. */
function withCountedStdout(fn: () => void): number {
  const write = process.stdout.write;
  let lines = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines += String(chunk).split("\n").length - 1;
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return lines;
}

/**
 * Logs `records` records with each logger (which goes first alternates) and keeps ns per record
 * and the lines written when `keep` is set.
 */
function measure(
  scenario: LoggerCostScenario,
  loggers: Record<LoggerKind, Logger>,
  records: number,
  run: number,
  sink: { timings: Timings; lines: Lines; keep: boolean },
): void {
  const order = run % 2 === 0 ? LOGGER_KINDS : [...LOGGER_KINDS].reverse();
  for (const kind of order) {
    const logger = loggers[kind];
    let elapsedMs = 0;
    const lines = withCountedStdout(() => {
      const started = performance.now();
      for (let index = 0; index < records; index++) logger.info("order shipped", RECORD_PAYLOAD);
      elapsedMs = performance.now() - started;
    });
    if (!sink.keep) continue;
    sink.timings[scenario][kind].push((elapsedMs * NANOS_PER_MILLI) / records);
    sink.lines[scenario][kind] = lines;
  }
}

/**
 * The execution every run performs: the first invocation logs inside a step attempt, then waits;
 * the second replays the handler from the top, where the records are replayed code.
 */
function loggingWorkflow(
  loggers: Record<LoggerKind, Logger>,
  options: LoggerCostOptions,
  state: { run: number; invocation: number; sink: { timings: Timings; lines: Lines; keep: boolean } },
) {
  return async (_event: unknown, context: DurableContext): Promise<string> => {
    if (state.invocation === 2) measure("replay", loggers, options.records, state.run, state.sink);
    await context.step("log", async () => measure("step", loggers, options.records, state.run, state.sink));
    await context.wait({ seconds: 1 });
    return "logged";
  };
}

/**
 * Measures the cost per record of `DurableLogger` and of the plain Powertools `Logger` (both with
 * the same service name and payload) outside an execution, inside a step attempt and in replayed
 * code, against the in-memory fake service. Lines go to a counting `process.stdout.write`, so the
 * numbers are formatting and bookkeeping, not terminal I/O.
 */
export async function runLoggerCostBenchmark(
  options: LoggerCostOptions = defaultLoggerCostOptions,
): Promise<LoggerCostResult> {
  const durableLogger = new DurableLogger({ serviceName: "bench" });
  const loggers: Record<LoggerKind, Logger> = {
    powertools: new Logger({ serviceName: "bench" }),
    durable: durableLogger,
  };
  const service = new FakeDurableService();
  const timings = Object.fromEntries(
    SCENARIOS.map((scenario) => [scenario, { powertools: [], durable: [] }]),
  ) as unknown as Timings;
  const lines = Object.fromEntries(
    SCENARIOS.map((scenario) => [scenario, { powertools: 0, durable: 0 }]),
  ) as unknown as Lines;
  const state = { run: 0, invocation: 0, sink: { timings, lines, keep: false } };
  const handler = withDurableExecution(loggingWorkflow(loggers, options, state), {
    durableExecutionClient: service.client,
    plugins: [durableLogger.plugin()],
  });

  for (let run = 0; run < options.warmupRuns + options.runs; run++) {
    state.run = run;
    state.sink.keep = run >= options.warmupRuns;
    measure("outside", loggers, options.records, run, state.sink);
    service.load(executionArn(`logger-cost-${run}`), [executionOperation({})]);
    let output: DurableExecutionInvocationOutput = { Status: "PENDING" };
    for (state.invocation = 1; output.Status === "PENDING"; state.invocation++) {
      output = await handler(service.envelope(), fakeLambdaContext(`logger-cost-${run}-${state.invocation}`));
      if (output.Status === "PENDING" && service.completeWaitsAndRetries() === 0) {
        throw new Error(
          `logger-cost run ${run}: the execution is stuck after invocation ${state.invocation}`,
        );
      }
    }
    if (output.Status !== "SUCCEEDED")
      throw new Error(`logger-cost run ${run} ended ${JSON.stringify(output)}`);
  }

  const rows = SCENARIOS.map((scenario): LoggerCostRow => {
    const powertoolsNs = summarize(timings[scenario].powertools);
    const durableNs = summarize(timings[scenario].durable);
    return {
      scenario: LoggerCostScenarios[scenario],
      powertoolsNs,
      durableNs,
      ratio: ratio(durableNs.median, powertoolsNs.median),
      powertoolsLines: lines[scenario].powertools,
      durableLines: lines[scenario].durable,
    };
  });
  return { records: options.records, runs: options.runs, rows };
}

function formatNs(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ns`;
}

/** The results as a table in the layout of the other benchmarks' table (Powertools in the second number column). */
export function renderLoggerCost(result: LoggerCostResult): string {
  const header: Row = [
    "Logger cost",
    `per record, median of ${result.runs} × ${integer.format(result.records)} records`,
    LoggerKinds.durable,
    LoggerKinds.powertools,
    "ours / Powertools",
  ];
  const rows = result.rows.map(
    (row): Row => [
      "",
      `${row.scenario}; lines written ${row.durableLines} / ${row.powertoolsLines}`,
      formatNs(row.durableNs.median),
      formatNs(row.powertoolsNs.median),
      row.ratio === null ? "—" : `${row.ratio.toFixed(2)}×`,
    ],
  );
  return table(header, rows);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runLoggerCostBenchmark();
  process.stdout.write(`${renderLoggerCost(result)}\n`);
}
