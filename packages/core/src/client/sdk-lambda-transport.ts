import type * as ClientLambdaModule from "@aws-sdk/client-lambda";
import { DurableConfigurationError } from "../errors/engine-errors.js";
import type {
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
  RedriveTransport,
} from "../redrive/redrive-transport.js";
import type { DurableExecutionClient, LambdaClientLike } from "../types/core.js";
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  WireOperation,
} from "../types/wire.js";
import {
  CONNECTION_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  SOCKET_TIMEOUT_MS,
  USER_AGENT_NAME,
} from "./transport-timeouts.js";

/** The optional peer dependency that speaks the Lambda API. */
export const CLIENT_LAMBDA_PACKAGE = "@aws-sdk/client-lambda" as const;

type LambdaModule = typeof ClientLambdaModule;

// Shared by every transport of the process: loaded once, retried if loading failed.
let lambdaModulePromise: Promise<LambdaModule> | undefined;
// One client per container, so warm invocations reuse its connections.
let defaultLambdaClient: Promise<LambdaClientLike> | undefined;

function loadLambdaModule(): Promise<LambdaModule> {
  // A literal specifier, so bundlers can see and include the package.
  lambdaModulePromise ??= import("@aws-sdk/client-lambda").catch((error: unknown) => {
    lambdaModulePromise = undefined;
    throw isModuleNotFound(error)
      ? new DurableConfigurationError(
          `The default durable execution transport needs ${CLIENT_LAMBDA_PACKAGE}, which is not installed. ` +
            `Run "npm install ${CLIENT_LAMBDA_PACKAGE}" (it is an optional peer dependency), or pass your own ` +
            "transport as the durableExecutionClient option.",
          { option: "durableExecutionClient", cause: error },
        )
      : error;
  });
  return lambdaModulePromise;
}

/** How many `cause` links to follow: module loaders (test runners, bundler shims) may wrap the error. */
const MODULE_NOT_FOUND_CAUSE_DEPTH = 3 as const;
const MODULE_NOT_FOUND_CODES: ReadonlySet<unknown> = new Set(["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"]);

function isModuleNotFound(error: unknown): boolean {
  let node = error;
  for (let depth = 0; depth <= MODULE_NOT_FOUND_CAUSE_DEPTH; depth++) {
    if (typeof node !== "object" || node === null) return false;
    if (MODULE_NOT_FOUND_CODES.has((node as { code?: unknown }).code)) return true;
    node = (node as { cause?: unknown }).cause;
  }
  return false;
}

/** What {@link defaultLambdaClientConfig} returns: options for `new LambdaClient(…)`. */
export interface DefaultLambdaClientConfig {
  customUserAgent: [string][];
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    socketTimeout: number;
    throwOnRequestTimeout: boolean;
  };
}

/**
 * The options of the `LambdaClient` the default transport creates when none is injected: request
 * timeouts and a `durable-lambda` User-Agent. Region, credentials and endpoint come from the
 * environment; the AWS SDK itself honours `AWS_ENDPOINT_URL_LAMBDA` / `AWS_ENDPOINT_URL`. A fresh
 * object on every call, so callers may extend it.
 *
 * @example
 * ```ts
 * const client = new LambdaClient({ ...defaultLambdaClientConfig(), region: "eu-west-1" });
 * ```
 */
export function defaultLambdaClientConfig(): DefaultLambdaClientConfig {
  return {
    customUserAgent: [[USER_AGENT_NAME]],
    // A plain options object: the AWS SDK builds its NodeHttpHandler from it.
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      // Without this the AWS SDK only warns when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

async function createDefaultLambdaClient(): Promise<LambdaClientLike> {
  const { LambdaClient } = await loadLambdaModule();
  return new LambdaClient(defaultLambdaClientConfig());
}

function sharedDefaultLambdaClient(): Promise<LambdaClientLike> {
  defaultLambdaClient ??= createDefaultLambdaClient().catch((error: unknown) => {
    defaultLambdaClient = undefined;
    throw error;
  });
  return defaultLambdaClient;
}

/**
 * The durable execution API calls through `@aws-sdk/client-lambda`: the given `LambdaClient`, or one
 * shared default client (see {@link defaultLambdaClientConfig}) that finds region, credentials and
 * endpoint through the AWS SDK. AWS SDK errors propagate unchanged. Loaded by {@link LambdaApiClient}
 * only when it needs the AWS SDK.
 *
 * @example
 * ```ts
 * const page = await new SdkLambdaTransport(lambdaClient).getExecutionState({ DurableExecutionArn, CheckpointToken });
 * ```
 */
export class SdkLambdaTransport implements DurableExecutionClient, RedriveTransport {
  readonly #client: LambdaClientLike | undefined;

  /** @param client - A `LambdaClient` to use instead of the shared default one. */
  constructor(client: LambdaClientLike | undefined) {
    this.#client = client;
  }

  /** Reads one page of the execution's operations. */
  async getExecutionState(
    params: GetDurableExecutionStateRequest,
  ): Promise<GetDurableExecutionStateResponse> {
    const [{ GetDurableExecutionStateCommand }, client] = await Promise.all([
      loadLambdaModule(),
      this.#resolveClient(),
    ]);
    const output = (await client.send(
      new GetDurableExecutionStateCommand(params as ClientLambdaModule.GetDurableExecutionStateCommandInput),
    )) as ClientLambdaModule.GetDurableExecutionStateCommandOutput;
    return { Operations: output.Operations as WireOperation[] | undefined, NextMarker: output.NextMarker };
  }

  /** Sends a batch of operation updates; returns the new token and the changed operations. */
  async checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
    const [{ CheckpointDurableExecutionCommand }, client] = await Promise.all([
      loadLambdaModule(),
      this.#resolveClient(),
    ]);
    const output = (await client.send(
      new CheckpointDurableExecutionCommand(
        params as ClientLambdaModule.CheckpointDurableExecutionCommandInput,
      ),
    )) as ClientLambdaModule.CheckpointDurableExecutionCommandOutput;
    return {
      CheckpointToken: output.CheckpointToken,
      NewExecutionState:
        output.NewExecutionState === undefined
          ? undefined
          : {
              Operations: output.NewExecutionState.Operations as WireOperation[] | undefined,
              NextMarker: output.NewExecutionState.NextMarker,
            },
    };
  }

  /** Reads one page of an execution's history. */
  async getExecutionHistory(
    params: GetDurableExecutionHistoryRequest,
  ): Promise<GetDurableExecutionHistoryResponse> {
    const [{ GetDurableExecutionHistoryCommand }, client] = await Promise.all([
      loadLambdaModule(),
      this.#resolveClient(),
    ]);
    return (await client.send(
      new GetDurableExecutionHistoryCommand(
        params as ClientLambdaModule.GetDurableExecutionHistoryCommandInput,
      ),
    )) as GetDurableExecutionHistoryResponse;
  }

  /** Lists one page of a function's executions. */
  async listExecutionsByFunction(
    params: ListDurableExecutionsByFunctionRequest,
  ): Promise<ListDurableExecutionsByFunctionResponse> {
    const [{ ListDurableExecutionsByFunctionCommand }, client] = await Promise.all([
      loadLambdaModule(),
      this.#resolveClient(),
    ]);
    return (await client.send(
      new ListDurableExecutionsByFunctionCommand(
        params as ClientLambdaModule.ListDurableExecutionsByFunctionCommandInput,
      ),
    )) as ListDurableExecutionsByFunctionResponse;
  }

  #resolveClient(): Promise<LambdaClientLike> {
    return this.#client === undefined ? sharedDefaultLambdaClient() : Promise.resolve(this.#client);
  }
}
