import { GetDurableExecutionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { withDurableExecution } from "@durable-lambda/core";
import { type LocalDurableHandler, LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import {
  answeringCallbacks,
  middyHandler,
  observableOutcome,
  type Workflow,
  type Workload,
  workloads,
} from "./support/workflows.js";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** Runs `workflow` over HTTP: the event is plain JSON and the engine checkpoints through `LambdaClient`. */
async function runOverHttp(
  workload: Workload,
  wrap: (workflow: Workflow, client: LambdaClient) => LocalDurableHandler,
) {
  let handler: LocalDurableHandler = async () => undefined;
  const runner: LocalDurableRunner = new LocalDurableRunner({
    transport: "http",
    handler: answeringCallbacks(
      workload,
      () => runner.service,
      () => handler,
    ),
  });
  try {
    const endpoint = await runner.start();
    const client = new LambdaClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    handler = wrap(workload.workflow(), client);
    const result = await runner.run({ input: workload.input ?? {} });
    const execution = await client.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: result.executionArn }),
    );
    return { result, execution };
  } finally {
    await runner.close();
  }
}

const viaMiddy = (workflow: Workflow, client: LambdaClient) => middyHandler(workflow, [], { client });

const plain = (workflow: Workflow, client: LambdaClient): LocalDurableHandler =>
  withDurableExecution(workflow, { client });

describe("over HTTP with the real AWS SDK LambdaClient", () => {
  it.each(workloads.map((workload) => [workload.name, workload] as const))(
    "matches withDurableExecution for %s",
    async (_name, workload) => {
      const expected = await runOverHttp(workload, plain);
      const actual = await runOverHttp(workload, viaMiddy);

      expect(actual.result.invocations.length).toBeGreaterThan(1);
      expect(observableOutcome(actual.result)).toEqual(observableOutcome(expected.result));
      expect(actual.execution.Status).toBe(expected.execution.Status);
      expect(actual.execution.Result).toBe(expected.execution.Result);
    },
  );
});
