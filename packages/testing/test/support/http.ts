import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { LambdaClient } from "@aws-sdk/client-lambda";
import {
  type LocalDurableHandler,
  LocalDurableRunner,
  type LocalDurableRunnerOptions,
} from "../../src/index.js";

/** A real AWS SDK Lambda client for a local endpoint (no retries unless asked). */
export function clientFor(endpoint: string, maxAttempts = 1): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts,
  });
}

/** A durable engine: anything with the official SDK's `withDurableExecution`. */
export interface DurableEngine {
  withDurableExecution: typeof withDurableExecution;
}

/** A runner on the http transport whose handler (official SDK) is built once the endpoint is known. */
export async function httpRunner(
  workflow: (event: never, ctx: DurableContext) => Promise<unknown>,
  options: Omit<LocalDurableRunnerOptions, "handler" | "transport"> = {},
  engine: DurableEngine = { withDurableExecution },
) {
  let handler: LocalDurableHandler = () => {
    throw new Error("handler not ready");
  };
  const runner = new LocalDurableRunner({
    handler: (event, context) => handler(event, context),
    transport: "http",
    ...options,
  });
  const endpoint = (await runner.start()) as string;
  const client = clientFor(endpoint);
  handler = engine.withDurableExecution(workflow, { client });
  return { runner, client, endpoint };
}
