import type { ServerResponse } from "node:http";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { classifyCheckpointError } from "../../src/checkpoint/classify-checkpoint-error.js";
import { LambdaApiClient } from "../../src/client/index.js";
import { LambdaApiError } from "../../src/client/lambda-api-error.js";
import { leanTransportSettings } from "../../src/client/lean-transport-settings.js";
import { retryDelayMs } from "../../src/client/retry-policy.js";
import {
  type ReceivedRequest,
  type RecordingServer,
  startRecordingServer,
} from "../support/recording-server.js";
import { Sha256 } from "../support/sha256.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/exec-1/inv-1";
const ACCESS_KEY = "AKIDLEAN";
const SECRET_KEY = "lean-secret";
const SESSION_TOKEN = "lean-session";

type Received = ReceivedRequest;

let server: RecordingServer;
let endpoint: string;
let received: Received[];

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": "req-7", ...headers });
  response.end(JSON.stringify(body));
}

/** Recomputes the request's SigV4 signature with the AWS SDK's own signer: the server-side check. */
async function expectValidSignature(request: Received): Promise<void> {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
  const amzDate = String(request.headers["x-amz-date"]);
  const url = new URL(request.url, endpoint);
  const signer = new SignatureV4({
    service: "lambda",
    region: "us-east-1",
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN },
    sha256: Sha256,
    applyChecksum: false, // Lambda does not ask for x-amz-content-sha256
  });
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])]));
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: request.body === "" ? undefined : request.body,
    },
    { signingDate },
  );
  expect(authorization).toBe(expected.headers.authorization);
}

function leanEnvironment(): void {
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", ACCESS_KEY);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  vi.stubEnv("AWS_SESSION_TOKEN", SESSION_TOKEN);
  vi.stubEnv("AWS_ENDPOINT_URL_LAMBDA", endpoint);
}

beforeAll(async () => {
  server = await startRecordingServer();
  endpoint = server.endpoint;
  received = server.received;
});
afterAll(() => server.close());
beforeEach(() => {
  leanEnvironment();
  // No backoff waits: the retries themselves are what is tested.
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  received.length = 0;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("the lean transport (environment credentials, no AWS SDK)", () => {
  it("signs a checkpoint the way the AWS SDK's signer computes it, with a ClientToken, and reads Dates", async () => {
    server.respond = (_request, response) =>
      json(response, 200, {
        CheckpointToken: "token-2",
        NewExecutionState: {
          Operations: [
            {
              Id: "a",
              Type: "STEP",
              Status: "SUCCEEDED",
              StartTimestamp: 1_700_000_000.5,
              StepDetails: { Attempt: 1 },
            },
          ],
        },
      });

    const result = await new LambdaApiClient().checkpoint({
      DurableExecutionArn: ARN,
      CheckpointToken: "token-1",
      Updates: [{ Id: "a", Type: "STEP", Action: "SUCCEED", Payload: '"ok"' }],
    });

    const [request] = received;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`/2025-12-01/durable-executions/${encodeURIComponent(ARN)}/checkpoint`);
    expect(request?.headers["user-agent"]).toContain("durable-lambda");
    expect(request?.headers["amz-sdk-invocation-id"]).toBeUndefined(); // not the AWS SDK
    expect(request?.headers["x-amz-security-token"]).toBe(SESSION_TOKEN);
    expect(JSON.parse(request?.body ?? "{}")).toEqual({
      CheckpointToken: "token-1",
      Updates: [{ Id: "a", Type: "STEP", Action: "SUCCEED", Payload: '"ok"' }],
      ClientToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await expectValidSignature(request as Received);
    expect(result.CheckpointToken).toBe("token-2");
    expect(result.NewExecutionState?.Operations?.[0]?.StartTimestamp).toEqual(new Date(1_700_000_000_500));
  });

  it("signs a state read with its query parameters encoded as the AWS SDK encodes them", async () => {
    server.respond = (_request, response) => json(response, 200, { Operations: [], NextMarker: "m-2" });

    const page = await new LambdaApiClient().getExecutionState({
      DurableExecutionArn: ARN,
      CheckpointToken: "t 1/+=",
      Marker: "m-1",
      MaxItems: 1000,
    });

    const [request] = received;
    expect(request?.url).toBe(
      `/2025-12-01/durable-executions/${encodeURIComponent(ARN)}/state?CheckpointToken=t%201%2F%2B%3D&Marker=m-1&MaxItems=1000`,
    );
    await expectValidSignature(request as Received);
    expect(page).toEqual({ Operations: [], NextMarker: "m-2" });
  });

  it.each([
    [429, "TooManyRequestsException", "slow down", 3, "INVOCATION"],
    [500, "ServiceException", "down", 3, "INVOCATION"],
    [400, "InvalidParameterValueException", "Invalid Checkpoint Token: stale", 1, "INVOCATION"],
    [400, "InvalidParameterValueException", "Updates are malformed", 1, "EXECUTION"],
    [502, "KMSAccessDeniedException", "no key", 3, "EXECUTION"],
  ] as const)(
    "answers HTTP %i %s like the AWS SDK: %s, %i attempt(s), scope %s",
    async (status, type, message, attempts, scope) => {
      server.respond = (_request, response) =>
        json(response, status, { message, Type: "User" }, { "x-amzn-errortype": `${type}:http://internal` });

      const error = await new LambdaApiClient()
        .checkpoint({ DurableExecutionArn: ARN, CheckpointToken: "t", Updates: [] })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(LambdaApiError);
      expect(error).toMatchObject({
        name: type,
        message,
        $metadata: { httpStatusCode: status, requestId: "req-7" },
      });
      expect(received).toHaveLength(attempts);
      const tokens = new Set(received.map((request) => JSON.parse(request.body).ClientToken));
      expect(tokens.size).toBe(1); // a retry repeats the same ClientToken
      expect(classifyCheckpointError(error)).toBe(scope);
    },
  );

  it("retries a dropped connection, then succeeds on a fresh one", async () => {
    let calls = 0;
    server.respond = (_request, response) => {
      if (calls++ === 0) response.socket?.destroy();
      else json(response, 200, { Operations: [] });
    };

    const page = await new LambdaApiClient().getExecutionState({
      DurableExecutionArn: ARN,
      CheckpointToken: "t",
    });

    expect(page.Operations).toEqual([]);
    expect(received).toHaveLength(2);
  });

  it("leaves an injected LambdaClient in charge", async () => {
    server.respond = (_request, response) => json(response, 200, { Operations: [] });
    const client = new LambdaClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "other", secretAccessKey: "other" },
      maxAttempts: 1,
    });

    await new LambdaApiClient(client).getExecutionState({ DurableExecutionArn: ARN, CheckpointToken: "t" });

    expect(received[0]?.headers["amz-sdk-invocation-id"]).toBeDefined();
    expect(String(received[0]?.headers.authorization)).toContain("Credential=other/");
  });
});

describe("leanTransportSettings", () => {
  const credentials = { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "s" };

  it.each([
    ["eu-west-1", "https://lambda.eu-west-1.amazonaws.com/"],
    ["us-gov-west-1", "https://lambda.us-gov-west-1.amazonaws.com/"],
    ["cn-north-1", "https://lambda.cn-north-1.amazonaws.com.cn/"],
  ])("resolves the public endpoint of %s", (region, expected) => {
    expect(leanTransportSettings({ ...credentials, AWS_REGION: region })?.endpoint.href).toBe(expected);
  });

  it("prefers AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, unless configured endpoints are ignored", () => {
    const env = { ...credentials, AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://127.0.0.1:1/" };
    expect(leanTransportSettings(env)?.endpoint.href).toBe("http://127.0.0.1:1/");
    expect(
      leanTransportSettings({ ...env, AWS_ENDPOINT_URL_LAMBDA: "http://127.0.0.1:2" })?.endpoint.href,
    ).toBe("http://127.0.0.1:2/");
    expect(
      leanTransportSettings({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" })?.endpoint.host,
    ).toBe("lambda.eu-west-1.amazonaws.com");
  });

  it.each([
    ["no credentials in the environment", { AWS_REGION: "eu-west-1" }],
    ["no region", { ...credentials }],
    ["FIPS endpoints", { ...credentials, AWS_REGION: "us-east-1", AWS_USE_FIPS_ENDPOINT: "true" }],
    ["a partition without a public endpoint pattern", { ...credentials, AWS_REGION: "us-iso-east-1" }],
    [
      "a malformed endpoint",
      { ...credentials, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_LAMBDA: "not a url" },
    ],
  ])("leaves the AWS SDK in charge with %s", (_label, env) => {
    expect(leanTransportSettings(env)).toBeUndefined();
  });
});

describe("retryDelayMs", () => {
  const status = (code: number, name = "ServiceException") =>
    new LambdaApiError(name, "x", { httpStatusCode: code, attempts: 1 });

  it("backs off exponentially with full jitter, throttling from a higher base", () => {
    expect(retryDelayMs(status(503), 1, () => 0.5)).toBe(50);
    expect(retryDelayMs(status(503), 2, () => 0.5)).toBe(100);
    expect(retryDelayMs(status(429, "TooManyRequestsException"), 1, () => 0.5)).toBe(250);
  });

  it("stops after the third attempt and never retries a client error", () => {
    expect(retryDelayMs(status(503), 3)).toBeUndefined();
    expect(retryDelayMs(status(400, "InvalidParameterValueException"), 1)).toBeUndefined();
    expect(retryDelayMs(new Error("bug"), 1)).toBeUndefined();
  });

  it("retries timeouts and broken connections", () => {
    expect(retryDelayMs(Object.assign(new Error("t"), { name: "TimeoutError" }), 1, () => 0)).toBe(0);
    expect(retryDelayMs(Object.assign(new Error("r"), { code: "ECONNRESET" }), 1, () => 0)).toBe(0);
  });
});
