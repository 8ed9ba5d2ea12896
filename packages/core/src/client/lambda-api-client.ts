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
} from "../types/wire.js";
import type { SdkLambdaTransport } from "./sdk-lambda-transport.js";

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
  #sdkTransport: Promise<SdkLambdaTransport> | undefined;

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
      return await (await this.#transport()).getExecutionState(params);
    } catch (error) {
      if (logger !== undefined) {
        (await import("./log-api-failure.js")).logApiFailure(logger, "Failed to get execution state.", error);
      }
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
      return await (await this.#transport()).checkpoint(params);
    } catch (error) {
      if (logger !== undefined) {
        (await import("./log-api-failure.js")).logApiFailure(logger, "Failed to checkpoint.", error);
      }
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
    return (await this.#sdk()).getExecutionHistory(params);
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
    return (await this.#sdk()).listExecutionsByFunction(params);
  }

  /** The lean transport when the environment allows it and no client was injected, else the AWS SDK's. */
  async #transport(): Promise<DurableExecutionClient> {
    if (this.#client === undefined) {
      const lean = (await import("./signed-http-transport.js")).sharedLeanTransport(process.env);
      if (lean !== undefined) return lean;
    }
    return this.#sdk();
  }

  /** The AWS SDK path, loaded (a chunk of its own) on first use. */
  #sdk(): Promise<SdkLambdaTransport> {
    this.#sdkTransport ??= import("./sdk-lambda-transport.js").then(
      ({ SdkLambdaTransport }) => new SdkLambdaTransport(this.#client),
    );
    return this.#sdkTransport;
  }
}
