import { LambdaApiClient } from "../client/lambda-api-client.js";
import type { DurableExecutionClient, LambdaClientLike } from "../types/core.js";
import type { DurableLogger } from "../types/logger.js";
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from "../types/wire.js";

/**
 * The Lambda durable execution API as a `DurableExecutionClient`, under the official SDK's name:
 * pass it as `durableExecutionClient` to keep the built-in transport with your own `LambdaClient`
 * (region, credentials, endpoint, retries). It sends the same requests as the engine's default
 * transport ({@link LambdaApiClient}); without a client, that transport's defaults apply (signed
 * requests when the environment holds region and credentials, else a shared `LambdaClient` with
 * 5 s connect and 55 s request timeouts). A failed call is reported to the `logger` it is given
 * (`"Failed to get durable execution state"` / `"Failed to checkpoint durable execution"`, the
 * error and its AWS request id) and, with `DURABLE_VERBOSE_MODE=true`, to `console.debug`, then
 * rethrown unchanged.
 *
 * @example
 * ```ts
 * import { LambdaClient } from "@aws-sdk/client-lambda";
 *
 * export const handler = withDurableExecution(myHandler, {
 *   durableExecutionClient: new DurableExecutionApiClient(new LambdaClient({ maxAttempts: 5 })),
 * });
 * ```
 */
export class DurableExecutionApiClient implements DurableExecutionClient {
  readonly #transport: LambdaApiClient;

  /** @param client - A `LambdaClient` from `@aws-sdk/client-lambda`; default: the engine's own transport. */
  constructor(client?: LambdaClientLike) {
    this.#transport = new LambdaApiClient(client);
  }

  /**
   * Reads one page of the execution's operations (`GetDurableExecutionState`).
   *
   * @example
   * ```ts
   * const page = await api.getExecutionState({ DurableExecutionArn, CheckpointToken, Marker, MaxItems: 1000 });
   * ```
   */
  async getExecutionState(
    params: GetDurableExecutionStateRequest,
    logger?: DurableLogger,
  ): Promise<GetDurableExecutionStateResponse> {
    return (await import("./durable-execution-api-calls.js")).getExecutionState(
      this.#transport,
      params,
      logger,
    );
  }

  /**
   * Sends a batch of operation updates (`CheckpointDurableExecution`).
   *
   * @example
   * ```ts
   * const { CheckpointToken } = await api.checkpoint({ DurableExecutionArn, CheckpointToken: token, Updates });
   * ```
   */
  async checkpoint(
    params: CheckpointDurableExecutionRequest,
    logger?: DurableLogger,
  ): Promise<CheckpointDurableExecutionResponse> {
    return (await import("./durable-execution-api-calls.js")).checkpoint(this.#transport, params, logger);
  }
}
