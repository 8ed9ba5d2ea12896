import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions } from "@durable-lambda/client";
import type { DurableExecutionConfig } from "@durable-lambda/core";
import {
  type LocalDurableHandler,
  LocalDurableRunner,
  type LocalDurableRunnerOptions,
} from "@durable-lambda/testing";

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
  const executions = new DurableExecutions({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    clock: runner.clock,
  });
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

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
