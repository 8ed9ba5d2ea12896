import { LambdaClient } from "@aws-sdk/client-lambda";
import { type DurableLambdaHandler, withDurableExecution } from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { afterEach, describe, expect, it, vi } from "vitest";

type Fault = "throttle" | "server" | "staleToken" | "network" | "badRequest";

function workflow(client?: LambdaClient): DurableLambdaHandler {
  return withDurableExecution(
    async (_event: unknown, context) => {
      const a = await context.step("a", async () => 1);
      await context.wait("w", { seconds: 5 });
      return a + (await context.step("b", async () => 2));
    },
    client === undefined ? {} : { client },
  );
}

/** Runs the workflow over HTTP with the given fault on the second checkpoint; `sdk` injects a LambdaClient. */
async function runWithFault(fault: Fault, sdk: boolean) {
  const runner = new LocalDurableRunner({
    handler: async (e, c) => handlerRef.current(e, c),
    transport: "http",
  });
  await runner.start();
  vi.stubEnv("AWS_ENDPOINT_URL_LAMBDA", runner.endpoint);
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "local");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local");
  const handlerRef = {
    current: workflow(sdk ? new LambdaClient({ endpoint: runner.endpoint, region: "us-east-1" }) : undefined),
  };
  runner.service.injectFault({ api: "checkpoint", error: fault, afterCalls: 1, times: 1 });
  try {
    const result = await runner.run();
    return {
      status: result.status,
      result: result.result,
      errorType: result.error?.ErrorType,
      invocations: result.invocations.map((invocation) => invocation.error?.ErrorType ?? "ok"),
    };
  } finally {
    await runner.close();
  }
}

// That the lean run does not load the AWS SDK is checked in a fresh process by the cold-start
// benchmark's harness test (apps/bench/test/cold-start.test.ts).
describe("the lean default transport over HTTP against the local service", () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each(["throttle", "server", "staleToken", "network", "badRequest"] as const)(
    "ends an execution with a %s fault exactly as the AWS SDK's LambdaClient does",
    async (fault) => {
      const lean = await runWithFault(fault, false);
      const sdk = await runWithFault(fault, true);

      expect(lean).toEqual(sdk);
      expect(lean.status).toBe(fault === "badRequest" ? "FAILED" : "SUCCEEDED");
    },
  );
});
