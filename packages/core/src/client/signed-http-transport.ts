import { randomUUID } from "node:crypto";
import type { Agent, request as httpRequest, IncomingMessage } from "node:http";
import type { DurableExecutionClient } from "../types/core.js";
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from "../types/wire.js";
import { lambdaApiErrorFromResponse } from "./lambda-api-error-from-response.js";
import { type LeanTransportSettings, leanTransportSettings } from "./lean-transport-settings.js";
import { retryDelayMs } from "./retry-policy.js";
import { encodeRfc3986, type SignableRequest, signRequest } from "./sigv4-signer.js";
import {
  CONNECTION_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  SOCKET_TIMEOUT_MS,
  USER_AGENT_NAME,
} from "./transport-timeouts.js";

/** The REST paths of the two data-plane calls (API version 2025-12-01). */
const API_PREFIX = "/2025-12-01/durable-executions/" as const;
const SIGNING_SERVICE = "lambda" as const;
const JSON_CONTENT_TYPE = "application/json" as const;
const MILLIS_PER_SECOND = 1000;
const SUCCESS_MIN = 200;
const SUCCESS_MAX = 299;
/** Fields the API sends as epoch seconds; the engine, like the AWS SDK, reads them as `Date`s. */
const TIMESTAMP_FIELDS: ReadonlySet<string> = new Set([
  "StartTimestamp",
  "EndTimestamp",
  "NextAttemptTimestamp",
  "ScheduledEndTimestamp",
]);

function reviveTimestamps(key: string, value: unknown): unknown {
  return typeof value === "number" && TIMESTAMP_FIELDS.has(key) ? new Date(value * MILLIS_PER_SECOND) : value;
}

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { name: "TimeoutError", code: "ETIMEDOUT" });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Answer {
  status: number;
  headers: IncomingMessage["headers"];
  text: string;
}

/**
 * The default transport's lean path: `GetDurableExecutionState` and `CheckpointDurableExecution`
 * as SigV4-signed HTTPS requests over one keep-alive agent, without loading
 * the AWS SDK. It behaves as the AWS SDK's `LambdaClient` does for these calls: the same REST paths,
 * bodies (with a `ClientToken` per checkpoint, kept across retries) and timeouts, errors shaped like
 * the SDK's service errors ({@link LambdaApiError}) or left as Node's network errors, and the SDK's
 * standard retries (3 attempts, exponential backoff) on throttling, 5xx, timeouts and broken
 * connections.
 *
 * @example
 * ```ts
 * const settings = leanTransportSettings();
 * if (settings) await new SignedHttpTransport(settings).checkpoint({ DurableExecutionArn, CheckpointToken, Updates });
 * ```
 */
export class SignedHttpTransport implements DurableExecutionClient {
  readonly #settings: LeanTransportSettings;
  readonly #agent: Agent;
  readonly #request: typeof httpRequest;
  readonly #basePath: string;

  constructor(settings: LeanTransportSettings) {
    this.#settings = settings;
    // Only the module the endpoint needs, and as a built-in rather than an ES module import: the
    // import of node:http also loads Node's fetch implementation, milliseconds of a cold start.
    const http =
      settings.endpoint.protocol === "https:"
        ? process.getBuiltinModule("node:https")
        : process.getBuiltinModule("node:http");
    this.#agent = new http.Agent({ keepAlive: true });
    this.#request = http.request;
    this.#basePath = settings.endpoint.pathname.replace(/\/+$/, "");
  }

  /** Reads one page of the execution's operations. */
  async getExecutionState(
    params: GetDurableExecutionStateRequest,
  ): Promise<GetDurableExecutionStateResponse> {
    const query: [string, string][] = [["CheckpointToken", params.CheckpointToken ?? ""]];
    if (params.Marker !== undefined) query.push(["Marker", params.Marker]);
    if (params.MaxItems !== undefined) query.push(["MaxItems", String(params.MaxItems)]);
    const path = `${this.#basePath}${API_PREFIX}${encodeRfc3986(params.DurableExecutionArn ?? "")}/state`;
    const output = (await this.#call("GET", path, query, "")) as GetDurableExecutionStateResponse;
    return { Operations: output.Operations, NextMarker: output.NextMarker };
  }

  /** Sends a batch of operation updates; returns the new token and the changed operations. */
  async checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
    const body = JSON.stringify({
      CheckpointToken: params.CheckpointToken,
      Updates: params.Updates,
      ClientToken: (params as { ClientToken?: string }).ClientToken ?? randomUUID(),
    });
    const path = `${this.#basePath}${API_PREFIX}${encodeRfc3986(params.DurableExecutionArn ?? "")}/checkpoint`;
    const output = (await this.#call("POST", path, [], body)) as CheckpointDurableExecutionResponse;
    return {
      CheckpointToken: output.CheckpointToken,
      NewExecutionState:
        output.NewExecutionState === undefined
          ? undefined
          : {
              Operations: output.NewExecutionState.Operations,
              NextMarker: output.NewExecutionState.NextMarker,
            },
    };
  }

  async #call(
    method: "GET" | "POST",
    path: string,
    query: SignableRequest["query"],
    body: string,
  ): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.#send({ method, path, query, body, headers: this.#headers(body) });
        if (answer.status < SUCCESS_MIN || answer.status > SUCCESS_MAX) {
          throw lambdaApiErrorFromResponse(answer.status, answer.headers, answer.text, attempt);
        }
        return answer.text === "" ? {} : JSON.parse(answer.text, reviveTimestamps);
      } catch (error) {
        const delay = retryDelayMs(error, attempt);
        if (delay === undefined) throw error;
        await pause(delay);
      }
    }
  }

  #headers(body: string): Record<string, string> {
    const headers: Record<string, string> = { host: this.#settings.endpoint.host };
    if (body !== "") {
      headers["content-type"] = JSON_CONTENT_TYPE;
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    return headers;
  }

  #send(request: SignableRequest): Promise<Answer> {
    const { endpoint, region } = this.#settings;
    const credentials = this.#settings.credentials();
    if (credentials === undefined) {
      // The variables were there when the transport was chosen; someone removed them since.
      const missing = new Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are no longer set.");
      return Promise.reject(Object.assign(missing, { name: "CredentialsProviderError" }));
    }
    const signed = signRequest(request, credentials, { region, service: SIGNING_SERVICE });
    const { body } = request;
    return new Promise<Answer>((resolve, reject) => {
      const outgoing = this.#request({
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port || undefined,
        method: request.method,
        path: signed.path,
        headers: { ...signed.headers, "user-agent": USER_AGENT_NAME },
        agent: this.#agent,
      });
      const overall = setTimeout(
        () => outgoing.destroy(timeoutError(`The request did not complete within ${REQUEST_TIMEOUT_MS} ms`)),
        REQUEST_TIMEOUT_MS,
      );
      outgoing.setTimeout(SOCKET_TIMEOUT_MS, () =>
        outgoing.destroy(timeoutError(`The socket was idle for ${SOCKET_TIMEOUT_MS} ms`)),
      );
      outgoing.on("socket", (socket) => {
        if (!socket.connecting) return; // a kept-alive connection
        const connecting = setTimeout(
          () =>
            outgoing.destroy(
              timeoutError(`No connection to ${endpoint.host} within ${CONNECTION_TIMEOUT_MS} ms`),
            ),
          CONNECTION_TIMEOUT_MS,
        );
        socket.once("connect", () => clearTimeout(connecting));
        socket.once("close", () => clearTimeout(connecting));
      });
      outgoing.on("error", (error) => {
        clearTimeout(overall);
        reject(error);
      });
      outgoing.on("response", (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) => {
          clearTimeout(overall);
          reject(error);
        });
        response.on("end", () => {
          clearTimeout(overall);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      outgoing.end(body);
    });
  }
}

/**
 * The lean transport for this environment, or `undefined` when the AWS SDK must resolve region,
 * credentials or endpoint (see {@link leanTransportSettings}).
 *
 * @example
 * ```ts
 * const transport = leanTransportFromEnvironment(process.env) ?? new LambdaApiClient(new LambdaClient({}));
 * ```
 */
export function leanTransportFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): SignedHttpTransport | undefined {
  const settings = leanTransportSettings(env);
  return settings === undefined ? undefined : new SignedHttpTransport(settings);
}

/** The environment variables the choice of the lean transport depends on. */
const LEAN_TRANSPORT_VARIABLES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ENDPOINT_URL_LAMBDA",
  "AWS_ENDPOINT_URL",
  "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_USE_FIPS_ENDPOINT",
  "AWS_USE_DUALSTACK_ENDPOINT",
] as const;

// The lean transport of the container (or undefined: the AWS SDK is needed), for the environment it was built from.
let shared: { key: string; transport: SignedHttpTransport | undefined } | undefined;

/**
 * The container's lean transport for this environment, or `undefined` when the AWS SDK must resolve
 * region, credentials or endpoint. Chosen once per container and environment, so warm invocations
 * reuse its connections.
 *
 * @example
 * ```ts
 * const transport = sharedLeanTransport(process.env) ?? sdkTransport;
 * ```
 */
export function sharedLeanTransport(
  env: Readonly<Record<string, string | undefined>>,
): SignedHttpTransport | undefined {
  const key = LEAN_TRANSPORT_VARIABLES.map((name) => env[name] ?? "").join("\n");
  if (shared?.key !== key) shared = { key, transport: leanTransportFromEnvironment(env) };
  return shared.transport;
}
