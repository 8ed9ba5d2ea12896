import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DurableServiceError,
  isNetworkFault,
  LocalRunnerError,
  ServiceErrorCode,
} from "../errors/service-errors.js";
import { rejectUnknownKeys } from "../options/known-keys.js";
import { DURABLE_API_VERSION_PATH } from "../service/constants.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import { invalid, readBody } from "./request.js";
import { RawResponse, routes } from "./routes.js";
import { writeError, writeJson, writeRaw } from "./wire.js";

/**
 * Options of {@link startLocalDurableServer}.
 *
 * @example
 * ```ts
 * const options: LocalDurableServerOptions = { service, port: 0 };
 * ```
 */
export interface LocalDurableServerOptions {
  /** The service to expose. */
  service: LocalDurableService;
  /** Interface to listen on. Default: `127.0.0.1` (loopback only). */
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

const SERVER_OPTION_KEYS = ["service", "host", "port"] as const satisfies ReadonlyArray<
  keyof LocalDurableServerOptions
>;

function unknownOperation(method: string, path: string): DurableServiceError {
  return new DurableServiceError(
    ServiceErrorCode.UnknownOperation,
    `No Lambda API matches ${method} ${path}. The local service serves the ${DURABLE_API_VERSION_PATH} ` +
      `durable-executions, durable-execution-callbacks and functions/{name}/durable-executions paths, and ` +
      `/2015-03-31/functions/{name}/invocations (Invoke).`,
  );
}

function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as { code?: unknown })?.code;
  if (code === "EADDRINUSE") {
    return new LocalRunnerError(
      `Cannot listen on ${host}:${port}: the port is already in use (another server, or another runner of this test run). ` +
        `Pass port: 0 to get any free port, or pick another port.`,
      { cause: error },
    );
  }
  if (code === "EACCES") {
    return new LocalRunnerError(
      `Cannot listen on ${host}:${port}: permission denied (ports below 1024 need privileges). Pass port: 0 or a port above 1023.`,
      { cause: error },
    );
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    return new LocalRunnerError(
      `Cannot listen on ${host}:${port}: ${host} is not an address of this machine. Use the default 127.0.0.1.`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Serves a {@link LocalDurableService} over HTTP with the Lambda REST paths
 * (`/2025-12-01/durable-executions/{arn}/state|checkpoint|history|stop`,
 * `/2025-12-01/durable-execution-callbacks/{id}/succeed|fail|heartbeat`,
 * `/2025-12-01/functions/{name}/durable-executions`, `/2015-03-31/functions/{name}/invocations`),
 * so `@aws-sdk/client-lambda` or the AWS CLI with an endpoint override talks to it as to AWS.
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
  rejectUnknownKeys("startLocalDurableServer", options, SERVER_OPTION_KEYS);
  if (typeof options?.service !== "object" || options.service === null) {
    throw new LocalRunnerError(
      "startLocalDurableServer: options.service (a LocalDurableService) is required.",
    );
  }
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
      const route = table[`/${version}/${collection}`]?.[action]?.[method];
      if (rawLabel === undefined || rest.length > 0 || route === undefined) {
        throw unknownOperation(method, url.pathname);
      }
      let label: string;
      try {
        label = decodeURIComponent(rawLabel);
      } catch {
        throw invalid(`The path label ${JSON.stringify(rawLabel)} is not valid percent-encoding.`);
      }
      const result = await route({ method, label, query: url.searchParams, headers: request.headers, body });
      if (result instanceof RawResponse) writeRaw(response, requestId, result);
      else writeJson(response, requestId, result);
    } catch (error) {
      if (isNetworkFault(error)) {
        request.socket.destroy();
        return;
      }
      writeError(response, requestId, error);
    }
  }

  const host = options.host ?? SERVER_DEFAULTS.host;
  const port = options.port ?? SERVER_DEFAULTS.port;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(listenError(error, host, port)));
    server.listen(port, host, () => {
      server.removeAllListeners("error");
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
