import type * as ClientLambdaModule from "@aws-sdk/client-lambda";
import { awsErrorMetadata } from "../errors/aws-error-metadata.js";
import { DurableConfigurationError } from "../errors/engine-errors.js";
import type {
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
  RedriveTransport,
} from "../redrive/redrive-transport.js";
import type { DurableExecutionClient, LambdaClientLike } from "../types/core.js";
import type { DurableLogger } from "../types/logger.js";
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

// Shared by every LambdaApiClient of the process: loaded once, retried if loading failed.
let lambdaModulePromise: Promise<LambdaModule> | undefined;
// One client per container, so warm invocations reuse its connections.
let defaultLambdaClient: Promise<LambdaClientLike> | undefined;
// The lean transport of the container (or undefined: the AWS SDK is needed), for the environment it was built from.
let leanTransport: { key: string; transport: Promise<DurableExecutionClient | undefined> } | undefined;

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

/**
 * The signed-HTTPS transport when the environment holds everything it needs (as it does on
 * Lambda), loaded on first use; `undefined` when the AWS SDK must resolve region, credentials or
 * endpoint. Chosen once per container and environment, so warm invocations reuse its connections.
 */
function sharedLeanTransport(): Promise<DurableExecutionClient | undefined> {
  const key = LEAN_TRANSPORT_VARIABLES.map((name) => process.env[name] ?? "").join("\n");
  if (leanTransport?.key === key) return leanTransport.transport;
  const transport = import("./signed-http-transport.js").then(({ leanTransportFromEnvironment }) =>
    leanTransportFromEnvironment(process.env),
  );
  leanTransport = { key, transport };
  transport.catch(() => {
    if (leanTransport?.transport === transport) leanTransport = undefined;
  });
  return transport;
}

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
 * The default transport: speaks the Lambda durable execution API (`GetDurableExecutionState`,
 * `CheckpointDurableExecution`). Without an injected client, and when the environment holds the
 * region and credentials (as Lambda provides them), it signs the requests itself and sends them
 * over a keep-alive HTTPS agent, so a cold start does not load the AWS SDK; `AWS_ENDPOINT_URL_LAMBDA`
 * and `AWS_ENDPOINT_URL` are honoured. Otherwise it uses `@aws-sdk/client-lambda`, loaded on first
 * use: pass a `LambdaClient` to control region, credentials, endpoint and retries, or one shared
 * client with the same timeouts is created and finds credentials through the AWS SDK's chain. Both
 * paths time out, retry and shape errors alike (AWS SDK errors propagate unchanged), so the engine
 * classifies them by name and HTTP status.
 *
 * @example
 * ```ts
 * import { LambdaClient } from "@aws-sdk/client-lambda";
 *
 * const transport = new LambdaApiClient(new LambdaClient({ region: "eu-west-1", maxAttempts: 5 }));
 * const state = await transport.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: token });
 * ```
 */
export class LambdaApiClient implements DurableExecutionClient, RedriveTransport {
  readonly #client: LambdaClientLike | undefined;

  /** @param client - A `LambdaClient` to use instead of the shared default one. */
  constructor(client?: LambdaClientLike) {
    this.#client = client;
  }

  /**
   * Reads one page of the execution's operations.
   *
   * @example
   * ```ts
   * const page = await transport.getExecutionState({ DurableExecutionArn, CheckpointToken, Marker, MaxItems: 1000 });
   * ```
   */
  async getExecutionState(
    params: GetDurableExecutionStateRequest,
    logger?: DurableLogger,
  ): Promise<GetDurableExecutionStateResponse> {
    try {
      const lean = this.#client === undefined ? await sharedLeanTransport() : undefined;
      if (lean !== undefined) return await lean.getExecutionState(params);
      const [{ GetDurableExecutionStateCommand }, client] = await Promise.all([
        loadLambdaModule(),
        this.#resolveClient(),
      ]);
      const output = (await client.send(
        new GetDurableExecutionStateCommand(
          params as ClientLambdaModule.GetDurableExecutionStateCommandInput,
        ),
      )) as ClientLambdaModule.GetDurableExecutionStateCommandOutput;
      return { Operations: output.Operations as WireOperation[] | undefined, NextMarker: output.NextMarker };
    } catch (error) {
      logFailure(logger, "Failed to get execution state.", error);
      throw error;
    }
  }

  /**
   * Sends a batch of operation updates and returns the new token and changed operations.
   *
   * @example
   * ```ts
   * const { CheckpointToken } = await transport.checkpoint({ DurableExecutionArn, CheckpointToken, Updates });
   * ```
   */
  async checkpoint(
    params: CheckpointDurableExecutionRequest,
    logger?: DurableLogger,
  ): Promise<CheckpointDurableExecutionResponse> {
    try {
      const lean = this.#client === undefined ? await sharedLeanTransport() : undefined;
      if (lean !== undefined) return await lean.checkpoint(params);
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
    } catch (error) {
      logFailure(logger, "Failed to checkpoint.", error);
      throw error;
    }
  }

  /**
   * Reads one page of an execution's history; a redrive reads its source's with execution data.
   *
   * @example
   * ```ts
   * const page = await transport.getExecutionHistory({ DurableExecutionArn: sourceArn, IncludeExecutionData: true });
   * ```
   */
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

  /**
   * Lists one page of a function's executions; a redrive finds its source by name with it.
   *
   * @example
   * ```ts
   * const page = await transport.listExecutionsByFunction({ FunctionName: "orders", DurableExecutionName: "order-1" });
   * ```
   */
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

/**
 * Logs with PascalCase `Error` / `ResponseMetadata` extras, the keys the durable execution SDKs of
 * other languages log, so the AWS request id is searchable the same way.
 */
function logFailure(logger: DurableLogger | undefined, message: string, error: unknown): void {
  if (logger === undefined) return;
  const { errorCode, statusCode, requestId } = awsErrorMetadata(error);
  logger.error(message, {
    Error: { Code: errorCode, Message: error instanceof Error ? error.message : String(error) },
    ResponseMetadata: { RequestId: requestId, HTTPStatusCode: statusCode },
  });
}
