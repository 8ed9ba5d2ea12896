import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ErrorObject } from "@aws-sdk/client-lambda";
import { DurableServiceError, isNetworkFault, ServiceErrorCode } from "../errors/service-errors.js";
import { DURABLE_API_VERSION_PATH } from "../service/constants.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import { writeError, writeJson } from "./wire.js";

/** Options of {@link startLocalDurableServer}. */
export interface LocalDurableServerOptions {
  /** The service to expose. */
  service: LocalDurableService;
  /** Interface to listen on. Default: `127.0.0.1`. */
  host?: string;
  /** Port to listen on. Default: 0 (any free port). */
  port?: number;
}

/** A running local durable server. */
export interface LocalDurableServer {
  /** Base URL, e.g. `http://127.0.0.1:49152`; use it as the `LambdaClient` endpoint. */
  readonly endpoint: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const SERVER_DEFAULTS = { host: "127.0.0.1", port: 0 } as const;

/** Largest request body accepted (a 6 MB EXECUTION payload plus JSON overhead). */
const MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024;

const Segment = {
  executions: "durable-executions",
  callbacks: "durable-execution-callbacks",
} as const;

type Handler = (request: ParsedRequest) => Promise<unknown>;

interface ParsedRequest {
  method: string;
  /** Decoded path label (execution ARN or callback id). */
  label: string;
  query: URLSearchParams;
  body: Buffer;
}

function invalid(message: string): DurableServiceError {
  return new DurableServiceError(ServiceErrorCode.InvalidParameterValue, message);
}

function parseJsonBody(body: Buffer, api: string): Record<string, unknown> | undefined {
  if (body.byteLength === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw invalid(
      `${api}: could not parse the request body as JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalid(`${api}: the request body must be a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

function queryInteger(query: URLSearchParams, name: string, api: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value))
    throw invalid(`${api}: query parameter ${name} must be an integer; got ${JSON.stringify(raw)}.`);
  return value;
}

function queryBoolean(query: URLSearchParams, name: string, api: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (raw !== "true" && raw !== "false") {
    throw invalid(`${api}: query parameter ${name} must be true or false; got ${JSON.stringify(raw)}.`);
  }
  return raw === "true";
}

function queryString(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

function routes(service: LocalDurableService): {
  execution: Record<string, Record<string, Handler>>;
  callback: Record<string, Record<string, Handler>>;
} {
  return {
    // Keyed by the segment after the ARN ("" for none), then by method.
    execution: {
      "": {
        GET: ({ label, query }) =>
          service.getDurableExecution({
            DurableExecutionArn: label,
            IncludeExecutionData: queryBoolean(query, "IncludeExecutionData", "GetDurableExecution"),
          }),
      },
      state: {
        GET: ({ label, query }) =>
          service.getDurableExecutionState({
            DurableExecutionArn: label,
            CheckpointToken: queryString(query, "CheckpointToken"),
            Marker: queryString(query, "Marker"),
            MaxItems: queryInteger(query, "MaxItems", "GetDurableExecutionState"),
          }),
      },
      checkpoint: {
        POST: ({ label, body }) => {
          const json = parseJsonBody(body, "CheckpointDurableExecution") ?? {};
          return service.checkpointDurableExecution({
            DurableExecutionArn: label,
            CheckpointToken: json.CheckpointToken as string | undefined,
            Updates: json.Updates as never,
            ClientToken: json.ClientToken as string | undefined,
          });
        },
      },
      history: {
        GET: ({ label, query }) =>
          service.getDurableExecutionHistory({
            DurableExecutionArn: label,
            IncludeExecutionData: queryBoolean(query, "IncludeExecutionData", "GetDurableExecutionHistory"),
            MaxItems: queryInteger(query, "MaxItems", "GetDurableExecutionHistory"),
            Marker: queryString(query, "Marker"),
            ReverseOrder: queryBoolean(query, "ReverseOrder", "GetDurableExecutionHistory"),
          }),
      },
      stop: {
        POST: ({ label, body }) => {
          const error = parseJsonBody(body, "StopDurableExecution") as ErrorObject | undefined;
          return service.stopDurableExecution({
            DurableExecutionArn: label,
            ...(error === undefined ? {} : { Error: error }),
          });
        },
      },
    },
    callback: {
      succeed: {
        POST: ({ label, body }) =>
          service.sendDurableExecutionCallbackSuccess({ CallbackId: label, Result: new Uint8Array(body) }),
      },
      fail: {
        POST: ({ label, body }) => {
          const error = parseJsonBody(body, "SendDurableExecutionCallbackFailure") as ErrorObject | undefined;
          return service.sendDurableExecutionCallbackFailure({
            CallbackId: label,
            ...(error === undefined ? {} : { Error: error }),
          });
        },
      },
      heartbeat: {
        POST: ({ label }) => service.sendDurableExecutionCallbackHeartbeat({ CallbackId: label }),
      },
    },
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BODY_BYTES) {
        reject(
          new DurableServiceError(
            ServiceErrorCode.RequestTooLarge,
            `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`,
          ),
        );
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function unknownOperation(method: string, path: string): DurableServiceError {
  return new DurableServiceError(
    ServiceErrorCode.UnknownOperation,
    `No durable execution API matches ${method} ${path}. The local service serves the ${DURABLE_API_VERSION_PATH} ` +
      `durable-executions and durable-execution-callbacks paths.`,
  );
}

/**
 * Serves a {@link LocalDurableService} over HTTP with the Lambda durable execution REST paths
 * (`/2025-12-01/durable-executions/{arn}/state|checkpoint|history|stop`,
 * `/2025-12-01/durable-execution-callbacks/{id}/succeed|fail|heartbeat`), so
 * `@aws-sdk/client-lambda` with an endpoint override talks to it as it talks to AWS.
 *
 * @example
 * ```ts
 * const server = await startLocalDurableServer({ service });
 * const client = new LambdaClient({
 *   endpoint: server.endpoint, region: "us-east-1",
 *   credentials: { accessKeyId: "local", secretAccessKey: "local" },
 * });
 * await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
 * await server.close();
 * ```
 */
export async function startLocalDurableServer(
  options: LocalDurableServerOptions,
): Promise<LocalDurableServer> {
  const table = routes(options.service);
  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://localhost");
    try {
      const body = await readBody(request);
      const segments = url.pathname.split("/").filter((segment) => segment.length > 0);
      const [version, collection, rawLabel, action = "", ...rest] = segments;
      const group =
        collection === Segment.executions
          ? table.execution
          : collection === Segment.callbacks
            ? table.callback
            : undefined;
      const route = group?.[action]?.[method];
      if (
        `/${version}` !== DURABLE_API_VERSION_PATH ||
        rawLabel === undefined ||
        rest.length > 0 ||
        route === undefined
      ) {
        throw unknownOperation(method, url.pathname);
      }
      let label: string;
      try {
        label = decodeURIComponent(rawLabel);
      } catch {
        throw invalid(`The path label ${JSON.stringify(rawLabel)} is not valid percent-encoding.`);
      }
      const result = await route({ method, label, query: url.searchParams, body });
      writeJson(response, requestId, result);
    } catch (error) {
      if (isNetworkFault(error)) {
        request.socket.destroy();
        return;
      }
      writeError(response, requestId, error);
    }
  }

  const host = options.host ?? SERVER_DEFAULTS.host;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? SERVER_DEFAULTS.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    endpoint: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
