import { LambdaClient } from "@aws-sdk/client-lambda";
import {
  DurableExecutions,
  DurableExecutionsError,
  ExecutionNotFoundError,
  InvalidClientArgumentError,
  ThrottledError,
} from "@durable-lambda/client";
import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collect,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalSetup,
  startLocal,
} from "./support/local-service.js";

describe("service errors become typed errors", () => {
  let local: LocalSetup;
  let executionArn: string;
  beforeAll(async () => {
    local = await startLocal((config) => withDurableExecution(async () => "ok", config));
    executionArn = (await local.runner.run()).executionArn;
  });
  afterAll(() => local.close());

  it("an unknown execution is ExecutionNotFoundError naming it, with the service's error as cause", async () => {
    const unknown = executionArn.replace(/\/[^/]+$/, "/00000000-0000-0000-0000-000000000000");

    const error = await collect(local.executions.history(unknown)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ExecutionNotFoundError);
    expect(error).toBeInstanceOf(DurableExecutionsError);
    expect((error as ExecutionNotFoundError).resource).toBe(unknown);
    expect((error as Error).message).toContain("was not found");
    expect((error as Error).message).toContain("Check the ARN");
    expect(((error as Error).cause as Error).name).toBe("ResourceNotFoundException");
    expect((error as ExecutionNotFoundError).statusCode).toBe(404);
  });

  it("a throttled request is ThrottledError saying what to do", async () => {
    local.runner.service.injectFault({ api: "getHistory", error: "throttle", times: 10 });
    // One attempt: the AWS SDK's own retries would back off in real time.
    const client = new LambdaClient({
      endpoint: local.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    const throttled = new DurableExecutions({ client });

    const error = await collect(throttled.history(executionArn)).catch((caught: unknown) => caught);
    local.runner.service.clearFaults();

    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as Error).message).toMatch(/throttled.*Retry later/s);
  });

  it("a callback id the service does not know is a typed error", async () => {
    const error = await local.executions
      .sendCallbackSuccess("bm90LWEtY2FsbGJhY2s", "x")
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).not.toBe("Error");
  });

  it("a string that is not an execution ARN fails before any request, saying what is expected", async () => {
    await expect(local.executions.redrive("order-1")).rejects.toThrow(InvalidClientArgumentError);
    await expect(local.executions.redrive("order-1")).rejects.toThrow(/is not a durable execution ARN/);
  });
});
