import type { DurableExecutionClient, DurableExecutionInvocationInput } from "../types/core.js";
import type { WireOperation } from "../types/wire.js";

const CLASS_NAME = "DurableExecutionInvocationInputWithClient";

/**
 * A durable execution envelope that carries its own transport: a handler wrapped with
 * `withDurableExecution` that receives one reads and writes its state through
 * `durableExecutionClient` instead of the Lambda API, whatever its config says. Test harnesses use
 * it to run an already-wrapped handler against a local service; the official SDK's class of the
 * same name is recognised the same way, and each engine recognises the other's.
 *
 * @example
 * ```ts
 * const event = new DurableExecutionInvocationInputWithClient(
 *   { DurableExecutionArn: arn, CheckpointToken: token, InitialExecutionState: { Operations: operations } },
 *   myTransport,
 * );
 * const output = await handler(event, lambdaContext);
 * ```
 */
export class DurableExecutionInvocationInputWithClient implements DurableExecutionInvocationInput {
  readonly durableExecutionClient: DurableExecutionClient;
  readonly InitialExecutionState: { Operations: WireOperation[]; NextMarker?: string | undefined };
  readonly DurableExecutionArn: string;
  readonly CheckpointToken: string;
  readonly UpdatedOperationIds?: string[];

  // The official SDK also matches by constructor name, which a minifier would otherwise rename.
  static readonly name: string = CLASS_NAME;

  /**
   * @param params - The envelope: ARN, checkpoint token, initial state and, when given, the ids of
   * the operations updated since the last invocation.
   * @param durableExecutionClient - The transport the handler uses for this invocation.
   */
  constructor(params: DurableExecutionInvocationInput, durableExecutionClient: DurableExecutionClient) {
    this.durableExecutionClient = durableExecutionClient;
    this.InitialExecutionState = params.InitialExecutionState;
    this.DurableExecutionArn = params.DurableExecutionArn;
    this.CheckpointToken = params.CheckpointToken;
    if (params.UpdatedOperationIds !== undefined) this.UpdatedOperationIds = params.UpdatedOperationIds;
  }

  /**
   * Whether `event` is such an envelope: an instance of this class, or of a class of the same name
   * from another copy of this package or from the official SDK (matched by its string tag).
   *
   * @example
   * ```ts
   * if (DurableExecutionInvocationInputWithClient.isInstance(event)) useTransport(event.durableExecutionClient);
   * ```
   */
  static isInstance(event: unknown): event is DurableExecutionInvocationInputWithClient {
    if (event instanceof DurableExecutionInvocationInputWithClient) return true;
    return (
      typeof event === "object" &&
      event !== null &&
      "durableExecutionClient" in event &&
      Object.prototype.toString.call(event) === `[object ${CLASS_NAME}]`
    );
  }

  get [Symbol.toStringTag](): string {
    return CLASS_NAME;
  }
}
