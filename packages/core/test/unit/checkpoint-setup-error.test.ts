import { createServer } from "node:net";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CheckpointSetupError } from "../../src/checkpoint/checkpoint-setup-error.js";
import { toCheckpointFailure } from "../../src/checkpoint/classify-checkpoint-error.js";
import { diagnoseSetupProblem } from "../../src/checkpoint/diagnose-setup-problem.js";
import { LambdaApiClient } from "../../src/client/index.js";
import { DurableConfigurationError } from "../../src/errors/index.js";
import { withDurableExecution } from "../../src/with-durable-execution.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders:1/durable-execution/exec-1/inv-1";
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };

/** A loopback port nothing listens on: bound, then closed. */
async function refusedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function failureOf(client: LambdaClient) {
  const error = await new LambdaApiClient(client)
    .checkpoint({ DurableExecutionArn: ARN, CheckpointToken: "t", Updates: [] })
    .catch((e: unknown) => e);
  return toCheckpointFailure(error, "checkpoint");
}

describe("setup problems of the default transport", () => {
  beforeEach(() => {
    // Nothing from this machine's AWS configuration may fill the gaps under test.
    for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID"]) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", undefined);
    vi.stubEnv("AWS_SESSION_TOKEN", undefined);
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", undefined);
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", undefined);
    vi.stubEnv("AWS_WEB_IDENTITY_TOKEN_FILE", undefined);
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
  });
  afterEach(() => vi.unstubAllEnvs());

  it("names a missing region and how to set it, instead of calling it transient", async () => {
    const failure = await failureOf(new LambdaClient({ credentials, maxAttempts: 1 }));

    expect(failure).toBeInstanceOf(CheckpointSetupError);
    expect((failure as CheckpointSetupError).problem).toBe("region");
    expect(failure.scope).toBe("INVOCATION");
    expect(failure.message).toMatch(/^Failed to checkpoint the durable execution: Region is missing/);
    expect(failure.message).toContain("AWS_REGION");
    expect(failure.message).not.toMatch(/looks transient|No action is needed/);
  });

  it("names missing credentials and where Lambda provides them", async () => {
    const endpoint = await refusedEndpoint();
    const failure = await failureOf(new LambdaClient({ region: "us-east-1", endpoint, maxAttempts: 1 }));

    expect(failure).toBeInstanceOf(CheckpointSetupError);
    expect((failure as CheckpointSetupError).problem).toBe("credentials");
    expect(failure.message).toContain("AWS_ACCESS_KEY_ID");
  });

  it("names an endpoint that refuses connections and points at AWS_ENDPOINT_URL_LAMBDA", async () => {
    const endpoint = await refusedEndpoint();
    const failure = await failureOf(
      new LambdaClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 }),
    );

    expect(failure).toBeInstanceOf(CheckpointSetupError);
    expect((failure as CheckpointSetupError).problem).toBe("connection-refused");
    expect(failure.message).toContain("AWS_ENDPOINT_URL_LAMBDA");
  });

  it("ends the invocation with the setup error when a handler's first checkpoint is refused", async () => {
    const endpoint = await refusedEndpoint();
    const client = new LambdaClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });
    const handler = withDurableExecution(async (_event, context) => context.step("a", async () => 1), {
      client,
    });
    const envelope = {
      DurableExecutionArn: ARN,
      CheckpointToken: "t",
      InitialExecutionState: {
        Operations: [{ Id: "execution", Type: "EXECUTION", Status: "STARTED", ExecutionDetails: {} }],
      },
    };

    const error = await handler(envelope as never, {} as never).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CheckpointSetupError);
    expect((error as Error).message).toMatch(/refuses connections|ECONNREFUSED/);
  });
});

describe("diagnoseSetupProblem", () => {
  it.each([
    ["a missing region", new Error("Region is missing"), "region"],
    [
      "missing credentials",
      Object.assign(new Error("Could not load credentials"), { name: "CredentialsProviderError" }),
      "credentials",
    ],
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "connection-refused",
    ],
    [
      "a refused connection to every address",
      Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), {
        code: undefined,
      }),
      "connection-refused",
    ],
    ["a transport configuration error", new DurableConfigurationError("bad option"), "configuration"],
  ])("recognises %s", (_label, error, problem) => {
    expect(diagnoseSetupProblem(error)).toBe(problem);
  });

  it.each([
    ["a reset connection", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    [
      "throttling",
      Object.assign(new Error("slow down"), {
        name: "TooManyRequestsException",
        $metadata: { httpStatusCode: 429 },
      }),
    ],
    ["a timeout", Object.assign(new Error("timed out"), { name: "TimeoutError" })],
  ])("leaves %s to the transient/permanent classification", (_label, error) => {
    expect(diagnoseSetupProblem(error)).toBeUndefined();
  });
});
