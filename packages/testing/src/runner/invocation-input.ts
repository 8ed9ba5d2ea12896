import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  Operation,
} from "@aws-sdk/client-lambda";
import type { DurableInvocationEnvelope } from "../service/types.js";

/**
 * The transport interface durable engines accept (`withDurableExecution(handler, { durableExecutionClient })`
 * in the official SDK): the two APIs a function calls.
 */
export interface DurableExecutionClientLike {
  getExecutionState(params: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse>;
  checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse>;
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
