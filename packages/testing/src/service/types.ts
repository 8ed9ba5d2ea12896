import type { ErrorObject, ExecutionStatus, Operation } from "@aws-sdk/client-lambda";
import type { ServiceApi } from "./faults.js";

/** Request of {@link LocalDurableService.startExecution}. */
export interface StartExecutionRequest {
  /** Name (or ARN) of the durable function. */
  functionName: string;
  /** The user's event as JSON text (the EXECUTION operation's `InputPayload`). Default: `"{}"`. */
  input?: string;
  /**
   * Execution name, unique per function. Starting again with the same name and the same input
   * returns the existing execution; with a different input it fails with
   * `DurableExecutionAlreadyStartedException`. Default: a new UUID.
   */
  executionName?: string;
  /** Maximum run time of the whole execution in seconds; past it the execution is TIMED_OUT. Default: none. */
  executionTimeoutSeconds?: number;
  /** Function version recorded in ARNs. Default: `$LATEST`. */
  version?: string;
}

/**
 * The event Lambda sends to a durable function for one invocation.
 * Operation timestamps are `Date`s (the HTTP transport sends them as ISO strings).
 */
export interface DurableInvocationEnvelope {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: { Operations: Operation[]; NextMarker?: string };
  /** Operations whose status changed outside the function since it last saw them. */
  UpdatedOperationIds: string[];
}

/** What an invocation of a durable function returned, or how it failed. */
export type InvocationOutcome =
  | { Status: "SUCCEEDED"; Result?: string }
  | { Status: "FAILED"; Error?: ErrorObject }
  | { Status: "PENDING" }
  | {
      /** The invocation failed (threw, timed out, returned something invalid): a Lambda error. */
      lambdaError: ErrorObject;
      /** True when Lambda gives up retrying: the execution FAILS with `lambdaError`. */
      failExecution?: boolean;
    };

/** Result of {@link LocalDurableService.completeInvocation}. */
export interface CompleteInvocationResult {
  /** Execution status after the invocation. */
  status: ExecutionStatus;
}

/** Options of {@link LocalDurableService.startInvocation}. */
export interface StartInvocationOptions {
  /** The Lambda request id of the invocation, recorded in `InvocationCompleted`. Default: a new UUID. */
  requestId?: string;
}

/** Something that changed in the service. */
export type ServiceChange =
  | {
      kind: "operation";
      executionArn: string;
      /** A copy of the operation after the change. */
      operation: Operation;
      /** True when the change came from outside the function (timer, callback, chained invoke). */
      external: boolean;
    }
  | { kind: "execution"; executionArn: string; status: ExecutionStatus };

/** A call to one of the service's Lambda APIs, as recorded in {@link LocalDurableService.requests}. */
export interface ServiceRequestRecord {
  api: ServiceApi;
  /** Execution the call was about, when known. */
  executionArn: string | undefined;
  /** A copy of the request. */
  params: unknown;
  /** A copy of the response, when the call succeeded (or was applied before an injected fault). */
  response?: unknown;
  /** The error the caller got, when it failed. */
  error?: Error;
  /** Virtual time of the call. */
  timestamp: Date;
}

/** Request a chained-invoke target receives. */
export interface ChainedInvokeRequest {
  /** Function name as given in `ChainedInvokeOptions.FunctionName`. */
  functionName: string;
  /** The JSON payload of the invoke (the CHAINED_INVOKE START `Payload`). */
  payload: string | undefined;
  /** `ChainedInvokeOptions.TenantId`. */
  tenantId: string | undefined;
  /** ARN of the calling durable execution (undefined when called through `Invoke`). */
  callerExecutionArn: string | undefined;
  /** Id of the CHAINED_INVOKE operation (undefined when called through `Invoke`). */
  operationId: string | undefined;
}

/**
 * A function that chained invokes (`context.invoke`) can call.
 * - durable: the service starts a nested durable execution and calls `run(arn)`, which must drive
 *   it (invoke the handler until it ends); the operation completes with the nested outcome.
 * - plain: `invoke` is called with the payload; its resolved value (JSON text or undefined) is the
 *   result and a rejection fails the operation.
 */
export type ChainedInvokeTarget =
  | { durable: true; run(executionArn: string): Promise<void> }
  | { durable: false; invoke(request: ChainedInvokeRequest): Promise<string | undefined> };
