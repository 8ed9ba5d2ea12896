/**
 * The calls of `DurableExecutionApiClient`: the request the service takes and, when it fails, the
 * failure reported to the logger (and, in verbose mode, to the console) before it is rethrown.
 * Loaded with the first call.
 */
import type { LambdaApiClient } from "../client/lambda-api-client.js";
import { verboseLog } from "../logger/verbose-log.js";
import type { DurableLogger } from "../types/logger.js";
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from "../types/wire.js";

function requestIdOf(error: unknown): string | undefined {
  return (error as { $metadata?: { requestId?: string } } | undefined)?.$metadata?.requestId;
}

export async function getExecutionState(
  transport: LambdaApiClient,
  params: GetDurableExecutionStateRequest,
  logger?: DurableLogger,
): Promise<GetDurableExecutionStateResponse> {
  const { DurableExecutionArn, CheckpointToken, Marker, MaxItems } = params;
  try {
    return await transport.getExecutionState({
      DurableExecutionArn,
      CheckpointToken,
      Marker,
      MaxItems,
    });
  } catch (error) {
    const requestId = requestIdOf(error);
    verboseLog("GetDurableExecutionState failed", () => ({
      error,
      requestId,
      DurableExecutionArn,
      Marker,
    }));
    logger?.error("Failed to get durable execution state", error, { requestId });
    throw error;
  }
}

export async function checkpoint(
  transport: LambdaApiClient,
  params: CheckpointDurableExecutionRequest,
  logger?: DurableLogger,
): Promise<CheckpointDurableExecutionResponse> {
  const { DurableExecutionArn, CheckpointToken, ClientToken, Updates } = params;
  try {
    return await transport.checkpoint({ DurableExecutionArn, CheckpointToken, ClientToken, Updates });
  } catch (error) {
    const requestId = requestIdOf(error);
    verboseLog("CheckpointDurableExecution failed", () => ({ error, requestId, DurableExecutionArn }));
    logger?.error("Failed to checkpoint durable execution", error, { requestId });
    throw error;
  }
}
