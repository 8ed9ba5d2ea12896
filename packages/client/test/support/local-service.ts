import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions } from "@durable-lambda/client";
import type { DurableContext, DurableExecutionConfig } from "@durable-lambda/core";
import {
  type LocalDurableHandler,
  LocalDurableRunner,
  type LocalDurableRunnerOptions,
} from "@durable-lambda/testing";
import { vi } from "vitest";

/** Credentials for the local service, which does not check them. */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;
export const LOCAL_REGION = "us-east-1";

/** A local durable service over HTTP, a runner for one function, and the client pointed at it. */
export interface LocalSetup {
  readonly runner: LocalDurableRunner;
  readonly executions: DurableExecutions;
  readonly endpoint: string;
  /** A LambdaClient on the local endpoint, for the function's engine. */
  readonly lambda: LambdaClient;
  close(): Promise<void>;
}

/**
 * Starts the local service over HTTP with a runner for `makeHandler(config)`, where `config`
 * points the engine at the service through the real Lambda client.
 */
export async function startLocal(
  makeHandler: (config: DurableExecutionConfig) => LocalDurableHandler,
  options: Omit<LocalDurableRunnerOptions, "handler" | "transport"> = {},
): Promise<LocalSetup> {
  let handler: LocalDurableHandler = () => undefined;
  const runner = new LocalDurableRunner({
    functionName: "orders",
    ...options,
    handler: (event, context) => handler(event, context),
    transport: "http",
  });
  await runner.start();
  const endpoint = runner.endpoint;
  const lambda = new LambdaClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  handler = makeHandler({ client: lambda });
  const executions = executionsFor(runner);
  return {
    runner,
    executions,
    endpoint,
    lambda,
    close: async () => {
      lambda.destroy();
      await runner.close();
    },
  };
}

/** A client on the runner's HTTP endpoint and virtual clock. */
export function executionsFor(runner: LocalDurableRunner): DurableExecutions {
  return new DurableExecutions({
    endpoint: runner.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    clock: runner.clock,
  });
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Counts how often each piece of work ran. */
export class RunCounter {
  readonly #counts = new Map<string, number>();

  /** Counts one run of `key`. */
  ran(key: string): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** How often each key ran since the last reset, by key. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.#counts.clear();
  }
}

/** Redrives `executionArn` with the client and waits for the redrive to end; returns its result. */
export async function redriveToEnd(local: LocalSetup, executionArn: string) {
  const redrive = await local.executions.redrive(executionArn);
  await local.runner.service.waitForCompletion(redrive.executionArn);
  return { ...redrive, result: local.runner.inspect(redrive.executionArn) };
}

/** Steps in these tests fail for good at once: a retry would only add invocations. */
export const NO_RETRY = { retryStrategy: () => ({ shouldRetry: false }) };

/**
 * A step named `name` that counts its runs in `runs` and throws while `broken(name)` is true
 * (the bug a redrive is meant to get past); it returns its name.
 */
export function countedStep(runs: RunCounter, broken: (name: string) => boolean) {
  return (context: DurableContext, name: string): Promise<string> =>
    context.step(
      name,
      async () => {
        runs.ran(name);
        if (broken(name)) throw new Error(`${name} failed`);
        return name;
      },
      NO_RETRY,
    );
}

/**
 * Runs a new execution named `name` (it must fail), calls `fix()` and clears `runs`, then redrives
 * it to the end.
 */
export async function failFixAndRedrive(local: LocalSetup, runs: RunCounter, name: string, fix: () => void) {
  const source = await local.runner.run({ executionName: name });
  if (source.status !== "FAILED") throw new Error(`expected ${name} to fail, but it is ${source.status}`);
  fix();
  runs.reset();
  return { source, ...(await redriveToEnd(local, source.executionArn)) };
}

/**
 * Points the AWS SDK's environment (endpoint, region, credentials) at the runner's HTTP server, as a
 * user does for a local service; undo with `vi.unstubAllEnvs()`.
 */
export function stubLocalEnvironment(runner: LocalDurableRunner): void {
  vi.stubEnv("AWS_ENDPOINT_URL_LAMBDA", runner.endpoint);
  vi.stubEnv("AWS_REGION", LOCAL_REGION);
  vi.stubEnv("AWS_ACCESS_KEY_ID", LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", LOCAL_CREDENTIALS.secretAccessKey);
}
