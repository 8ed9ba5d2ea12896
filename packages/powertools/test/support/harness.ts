import {
  LocalDurableRunner,
  type LocalDurableRunnerOptions,
  type LocalRunResult,
} from "@durable-lambda/testing";
import { afterEach, beforeEach, vi } from "vitest";

/** One parsed JSON line of captured output. */
export type LogRecord = Record<string, unknown>;

/** What a run wrote to stdout and stderr: every line, and the JSON ones parsed. */
export interface CapturedOutput<T> {
  value: T;
  /** Every line written, in order. */
  lines: string[];
  /** The lines that parse as JSON objects. */
  records: LogRecord[];
  /** The lines that went to stderr. */
  stderr: string[];
}

function parseRecord(line: string): LogRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as LogRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Captures everything written to `process.stdout` and `process.stderr` while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<CapturedOutput<T>> {
  const lines: string[] = [];
  const stderr: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const collect =
    (into: string[][]) =>
    (chunk: string | Uint8Array): boolean => {
      for (const line of String(chunk).split("\n")) {
        if (line === "") continue;
        for (const list of into) list.push(line);
      }
      return true;
    };
  process.stdout.write = collect([lines]) as typeof process.stdout.write;
  process.stderr.write = collect([lines, stderr]) as typeof process.stderr.write;
  try {
    const value = await fn();
    const records = lines.map(parseRecord).filter((record): record is LogRecord => record !== undefined);
    return { value, lines, records, stderr };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Makes the global `console` behave as the Lambda Node.js runtime's does with
 * `AWS_LAMBDA_LOG_FORMAT=JSON`: every call becomes one JSON object whose `message` holds what was
 * logged. Raw writes to `process.stdout` stay as they are, as in Lambda. Returns the undo function.
 */
export function simulateLambdaJsonLogFormat(requestId = "simulated-request"): () => void {
  const previousFormat = process.env.AWS_LAMBDA_LOG_FORMAT;
  process.env.AWS_LAMBDA_LOG_FORMAT = "JSON";
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const method of CONSOLE_METHODS) {
    console[method] = (...params: unknown[]) => {
      const message = params
        .map((param) => (typeof param === "string" ? param : JSON.stringify(param)))
        .join(" ");
      const level = method === "log" ? "INFO" : method.toUpperCase();
      process.stdout.write(
        `${JSON.stringify({ timestamp: new Date().toISOString(), level, requestId, message })}\n`,
      );
    };
  }
  return () => {
    for (const [method, original] of originals) console[method] = original as never;
    if (previousFormat === undefined) delete process.env.AWS_LAMBDA_LOG_FORMAT;
    else process.env.AWS_LAMBDA_LOG_FORMAT = previousFormat;
  };
}

/**
 * Runs every test of the enclosing `describe` with Lambda's JSON log format simulated, and undoes
 * environment stubs (`vi.stubEnv`) after each.
 */
export function inLambdaJsonLogFormat(): void {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    restore = simulateLambdaJsonLogFormat();
  });
  afterEach(() => {
    restore();
    vi.unstubAllEnvs();
  });
}

/** Runs `handler` to the end on a fresh local durable service (in process, time skipped). */
export async function runDurably<TResult = unknown>(
  handler: LocalDurableRunnerOptions["handler"],
  input: unknown = {},
  options: Omit<LocalDurableRunnerOptions, "handler"> = {},
): Promise<LocalRunResult<TResult>> {
  const runner = new LocalDurableRunner({ handler, ...options });
  try {
    return await runner.run<TResult>({ input });
  } finally {
    await runner.close();
  }
}

/** The records whose `message` is `message`. */
export function recordsWith(records: readonly LogRecord[], message: string): LogRecord[] {
  return records.filter((record) => record.message === message);
}
