import { LambdaClient } from "@aws-sdk/client-lambda";
import type { OperationUpdate } from "@durable-lambda/core";
import {
  LocalDurableRunner,
  type LocalDurableRunnerOptions,
  type LocalDurableService,
} from "@durable-lambda/testing";

/** The updates of every checkpoint request the service received, request by request. */
export function checkpointRequests(service: LocalDurableService): OperationUpdate[][] {
  return service.requests
    .filter((record) => record.api === "checkpoint" && record.error === undefined)
    .map((record) => ((record.params as { Updates?: OperationUpdate[] }).Updates ?? []) as OperationUpdate[]);
}

/** Runs `handler` to the end on a fresh local service (in process, time skipped). */
export async function runLocally<TResult = unknown>(
  handler: LocalDurableRunnerOptions["handler"],
  input: unknown = {},
  options: Omit<LocalDurableRunnerOptions, "handler"> = {},
) {
  const runner = new LocalDurableRunner({ handler, ...options });
  try {
    const result = await runner.run<TResult>({ input });
    return { result, runner, service: runner.service };
  } finally {
    await runner.close();
  }
}

/** Where a property run is interrupted: the checkpoint call after `afterCalls` calls fails once. */
export interface CheckpointInterruption {
  afterCalls: number;
  /** Whether the failed call's updates were written before the failure. */
  persist: boolean;
}

/**
 * Runs `handler` to the end on a fresh local service, with one checkpoint call failing as a server
 * error when `interruption` is given, and counts the checkpoint calls the run made. `runOptions`
 * builds the run's options from the runner (to reach its service from a callback).
 */
export async function runWithInterruption(
  handler: LocalDurableRunnerOptions["handler"],
  interruption?: CheckpointInterruption,
  runOptions?: (runner: LocalDurableRunner) => Parameters<LocalDurableRunner["run"]>[0],
) {
  const runner = new LocalDurableRunner({ handler });
  if (interruption !== undefined) {
    runner.service.injectFault({ api: "checkpoint", error: "server", times: 1, ...interruption });
  }
  try {
    const result = await runner.run(runOptions?.(runner));
    const checkpoints = runner.service.requests.filter((record) => record.api === "checkpoint").length;
    return { result, checkpoints };
  } finally {
    await runner.close();
  }
}

/** Captures what the default logger writes to stdout and stderr while `fn` runs. */
export async function captureOutput<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; lines: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const capture = (chunk: string | Uint8Array): boolean => {
    lines.push(
      ...String(chunk)
        .split("\n")
        .filter((line) => line.startsWith("{")),
    );
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    const value = await fn();
    return { value, lines: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

/** A real AWS SDK client for a local service reached over HTTP: placeholder credentials, no SDK retries. */
export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}
