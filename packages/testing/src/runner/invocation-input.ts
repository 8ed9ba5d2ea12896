import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
  Operation,
} from "@aws-sdk/client-lambda";
import type { DurableInvocationEnvelope } from "../service/types.js";

/**
 * The transport interface durable engines accept (`withDurableExecution(handler, { durableExecutionClient })`
 * in the official SDK): the two APIs a function calls, plus the two a redrive reads its source with
 * (`@durable-lambda/core` with `redrive: true`).
 */
export interface DurableExecutionClientLike {
  getExecutionState(params: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse>;
  checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse>;
  getExecutionHistory?(
    params: GetDurableExecutionHistoryRequest,
  ): Promise<GetDurableExecutionHistoryResponse>;
  listExecutionsByFunction?(
    params: ListDurableExecutionsByFunctionRequest,
  ): Promise<ListDurableExecutionsByFunctionResponse>;
}

const TO_STRING_TAG = "DurableExecutionInvocationInputWithClient" as const;

/**
 * The invocation event the in-process transport passes: the envelope plus a
 * `durableExecutionClient` bound to the local service.
 *
 * Engines recognise it by its class name and `Symbol.toStringTag` (both
 * `DurableExecutionInvocationInputWithClient`, the convention of the official SDK and its
 * testing package) and then use the embedded client instead of calling AWS.
 *
 * @example
 * ```ts
 * const event = new DurableExecutionInvocationInputWithClient(service.startInvocation(arn), {
 *   getExecutionState: (params) => service.getDurableExecutionState(params),
 *   checkpoint: (params) => service.checkpointDurableExecution(params),
 * });
 * const output = await handler(event, context);
 * ```
 */
export class DurableExecutionInvocationInputWithClient implements DurableInvocationEnvelope {
  readonly DurableExecutionArn: string;
  readonly CheckpointToken: string;
  readonly InitialExecutionState: { Operations: Operation[]; NextMarker?: string };
  readonly UpdatedOperationIds: string[];
  readonly durableExecutionClient: DurableExecutionClientLike;

  constructor(envelope: DurableInvocationEnvelope, durableExecutionClient: DurableExecutionClientLike) {
    this.DurableExecutionArn = envelope.DurableExecutionArn;
    this.CheckpointToken = envelope.CheckpointToken;
    this.InitialExecutionState = envelope.InitialExecutionState;
    this.UpdatedOperationIds = envelope.UpdatedOperationIds;
    this.durableExecutionClient = durableExecutionClient;
  }

  get [Symbol.toStringTag](): string {
    return TO_STRING_TAG;
  }
}
