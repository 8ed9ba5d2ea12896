import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { classifyCheckpointError } from "../../src/checkpoint/classify-checkpoint-error.js";
import {
  CONNECTION_TIMEOUT_MS,
  defaultLambdaClientConfig,
  LambdaApiClient,
  REQUEST_TIMEOUT_MS,
} from "../../src/client/index.js";
import { DurableConfigurationError } from "../../src/errors/index.js";

interface RecordedRequest {
  method: string | undefined;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Responder = (request: RecordedRequest, response: ServerResponse) => void;

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders:1/durable-execution/exec-1/inv-1";
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };

let server: Server;
let endpoint: string;
let requests: RecordedRequest[] = [];
let respond: Responder;

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-requestid": "req-42",
    ...headers,
  });
  response.end(JSON.stringify(body));
}

function awsFailure(status: number, type: string, message: string): Responder {
  return (_request, response) => json(response, status, { message }, { "x-amzn-errortype": type });
}

function injectedClient(): LambdaClient {
  return new LambdaClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded = {
        method: request.method,
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      respond(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  requests = [];
  vi.unstubAllEnvs();
  vi.doUnmock("@aws-sdk/client-lambda");
  vi.resetModules();
});

describe("LambdaApiClient requests", () => {
  it("POSTs a checkpoint to the durable-executions checkpoint path and shapes the response", async () => {
    respond = (_request, response) =>
      json(response, 200, {
        CheckpointToken: "token-2",
        NewExecutionState: {
          Operations: [
            { Id: "c4ca4238a0b92382", Type: "STEP", Status: "SUCCEEDED", StartTimestamp: 1_700_000_000 },
          ],
        },
      });
    const client = new LambdaApiClient(injectedClient());

    const result = await client.checkpoint({
      DurableExecutionArn: ARN,
      CheckpointToken: "token-1",
      Updates: [{ Id: "c4ca4238a0b92382", Type: "STEP", Action: "SUCCEED", Payload: '"ok"' }],
    });

    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(`/2025-12-01/durable-executions/${encodeURIComponent(ARN)}/checkpoint`);
    expect(JSON.parse(request?.body ?? "{}")).toMatchObject({
      CheckpointToken: "token-1",
      Updates: [{ Id: "c4ca4238a0b92382", Action: "SUCCEED" }],
    });
    expect(result.CheckpointToken).toBe("token-2");
    expect(result.NewExecutionState?.Operations?.[0]).toMatchObject({
      Id: "c4ca4238a0b92382",
      Status: "SUCCEEDED",
    });
    expect(result).not.toHaveProperty("$metadata");
  });

  it("GETs the execution state with the token, marker and page size as query parameters", async () => {
    respond = (_request, response) => json(response, 200, { Operations: [], NextMarker: "m-2" });
    const client = new LambdaApiClient(injectedClient());

    const result = await client.getExecutionState({
      DurableExecutionArn: ARN,
      CheckpointToken: "token-1",
      Marker: "m-1",
      MaxItems: 1000,
    });

    const url = new URL(requests[0]?.path ?? "", endpoint);
    expect(requests[0]?.method).toBe("GET");
    expect(url.pathname).toBe(`/2025-12-01/durable-executions/${encodeURIComponent(ARN)}/state`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      CheckpointToken: "token-1",
      Marker: "m-1",
      MaxItems: "1000",
    });
    expect(result).toEqual({ Operations: [], NextMarker: "m-2" });
  });
});

describe("LambdaApiClient errors", () => {
  it.each([
    [429, "TooManyRequestsException", "INVOCATION"],
    [500, "ServiceException", "INVOCATION"],
    [400, "InvalidParameterValueException", "EXECUTION"],
  ] as const)("propagates an HTTP %i as the AWS SDK's %s", async (status, type, scope) => {
    respond = awsFailure(status, type, "nope");
    const client = new LambdaApiClient(injectedClient());

    const error = await client
      .checkpoint({ DurableExecutionArn: ARN, CheckpointToken: "t", Updates: [] })
      .catch((e) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(type);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.$metadata.requestId).toBe("req-42");
    expect(classifyCheckpointError(error)).toBe(scope);
    expect(requests).toHaveLength(1);
  });

  it("logs failures with PascalCase Error and ResponseMetadata when given a logger", async () => {
    respond = awsFailure(500, "ServiceException", "down");
    const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
    const client = new LambdaApiClient(injectedClient());

    await client
      .getExecutionState({ DurableExecutionArn: ARN, CheckpointToken: "t" }, logger)
      .catch(() => undefined);

    expect(logger.error).toHaveBeenCalledWith("Failed to get execution state.", {
      Error: { Code: "ServiceException", Message: "down" },
      ResponseMetadata: { RequestId: "req-42", HTTPStatusCode: 500 },
    });
  });
});

describe("LambdaApiClient client selection", () => {
  it("uses the injected client instead of the default", async () => {
    const send = vi.fn(async () => ({ CheckpointToken: "injected", NewExecutionState: undefined }));
    const client = new LambdaApiClient({ send });

    const result = await client.checkpoint({ DurableExecutionArn: ARN, CheckpointToken: "t" });

    expect(send).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ CheckpointToken: "injected", NewExecutionState: undefined });
    expect(requests).toHaveLength(0);
  });

  it.each(["AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL"])(
    "builds the default client from the environment, honouring %s",
    async (variable) => {
      vi.stubEnv(variable, endpoint);
      vi.stubEnv("AWS_REGION", "us-east-1");
      vi.stubEnv("AWS_ACCESS_KEY_ID", credentials.accessKeyId);
      vi.stubEnv("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey);
      respond = (_request, response) => json(response, 200, { Operations: [] });
      const fresh = await import("../../src/client/lambda-api-client.js");

      await new fresh.LambdaApiClient().getExecutionState({ DurableExecutionArn: ARN, CheckpointToken: "t" });

      expect(requests[0]?.path).toMatch(/^\/2025-12-01\/durable-executions\/.+\/state\?/);
      expect(requests[0]?.headers["user-agent"] ?? requests[0]?.headers["x-amz-user-agent"]).toContain(
        "durable-lambda",
      );
    },
  );
});

describe("default LambdaClient options", () => {
  it("sets the named timeouts and opts in to request-timeout errors", () => {
    expect(defaultLambdaClientConfig().requestHandler).toMatchObject({
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    });
    expect(CONNECTION_TIMEOUT_MS).toBe(5_000);
    expect(REQUEST_TIMEOUT_MS).toBe(55_000);
  });

  it("is applied by the AWS SDK: a request that exceeds requestTimeout fails", async () => {
    respond = () => {
      // Never answer: the client's own timeout must end the request.
    };
    const config = defaultLambdaClientConfig();
    const lambda = new LambdaClient({
      ...config,
      requestHandler: { ...config.requestHandler, requestTimeout: 50 },
      endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });

    const error = await new LambdaApiClient(lambda)
      .getExecutionState({ DurableExecutionArn: ARN, CheckpointToken: "t" })
      .catch((e) => e);

    expect(error.name).toBe("TimeoutError");
    expect(classifyCheckpointError(error)).toBe("INVOCATION");
  });
});

describe("loading @aws-sdk/client-lambda", () => {
  it("explains how to fix a missing package, and retries the import on the next call", async () => {
    vi.doMock("@aws-sdk/client-lambda", () => {
      throw Object.assign(new Error("Cannot find package '@aws-sdk/client-lambda'"), {
        code: "ERR_MODULE_NOT_FOUND",
      });
    });
    const fresh = await import("../../src/client/lambda-api-client.js");
    const client = new fresh.LambdaApiClient({ send: async () => ({ Operations: [] }) });

    const error = await client
      .getExecutionState({ DurableExecutionArn: ARN, CheckpointToken: "t" })
      .catch((e) => e);
    vi.doUnmock("@aws-sdk/client-lambda");
    const retried = await client.getExecutionState({ DurableExecutionArn: ARN, CheckpointToken: "t" });

    // The module graph was reset, so the error comes from a fresh copy of the errors module.
    const { DurableConfigurationError: FreshDurableConfigurationError } = await import(
      "../../src/errors/index.js"
    );
    expect(error).toBeInstanceOf(FreshDurableConfigurationError);
    expect(error.name).toBe(DurableConfigurationError.name);
    expect(error.message).toContain("npm install @aws-sdk/client-lambda");
    expect(error.message).toContain("durableExecutionClient");
    expect(retried).toEqual({ Operations: [], NextMarker: undefined });
  });
});
