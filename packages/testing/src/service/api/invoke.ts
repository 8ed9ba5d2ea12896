import { DurableServiceError, ServiceErrorCode } from "../../errors/service-errors.js";
import { errorObjectFrom } from "../chained-invokes.js";
import { ExecutionStatus, ServiceDefaults, ServiceLimits } from "../constants.js";
import { startExecution } from "../lifecycle.js";
import { invalidParameter } from "../request-errors.js";
import type { ServiceRuntime } from "../runtime.js";
import type { ChainedInvokeTarget } from "../types.js";
import { functionNotFound, parseFunctionName } from "./function-name.js";

/**
 * How `Invoke` runs the function, as in Lambda: `RequestResponse` answers with the outcome,
 * `Event` answers 202 at once and runs it in the background, `DryRun` only checks the request.
 *
 * @example
 * ```ts
 * await service.invoke({ FunctionName: "orders", InvocationType: InvocationType.Event });
 * ```
 */
export const InvocationType = {
  RequestResponse: "RequestResponse",
  Event: "Event",
  DryRun: "DryRun",
} as const;

/** One of the {@link InvocationType} values. */
export type InvocationType = (typeof InvocationType)[keyof typeof InvocationType];

/** The `Invoke` request, as `InvokeCommand` takes it (`Payload` may also be a string). */
export interface InvokeRequest {
  FunctionName: string | undefined;
  InvocationType?: string | undefined;
  /** Starts (or finds) the durable execution of that name: same name and payload return the existing one. */
  DurableExecutionName?: string | undefined;
  Payload?: Uint8Array | string | undefined;
  Qualifier?: string | undefined;
  LogType?: string | undefined;
  ClientContext?: string | undefined;
  TenantId?: string | undefined;
}

/** The `Invoke` response, as `InvokeCommand` returns it. */
export interface InvokeResponse {
  /** 200 (RequestResponse), 202 (Event) or 204 (DryRun). */
  StatusCode: number;
  /** `Unhandled` when the function (or the durable execution) failed; the payload holds the error. */
  FunctionError?: string;
  Payload?: Uint8Array;
  ExecutedVersion?: string;
  /** ARN of the durable execution the call started or found. */
  DurableExecutionArn?: string;
}

/** Largest payload of each invocation type. */
const PAYLOAD_LIMIT_BYTES: Readonly<Record<InvocationType, number>> = {
  RequestResponse: ServiceLimits.executionInputBytes,
  Event: ServiceLimits.eventInputBytes,
  DryRun: ServiceLimits.executionInputBytes,
};

const STATUS_CODES: Readonly<Record<InvocationType, number>> = {
  RequestResponse: 200,
  Event: 202,
  DryRun: 204,
};

/** A checked `Invoke`, its execution started: what remains is to run the function. */
export interface PreparedInvoke {
  invocationType: InvocationType;
  target: ChainedInvokeTarget;
  functionName: string;
  version: string;
  payload: string;
  tenantId: string | undefined;
  /** The durable execution, for a durable function. */
  executionArn?: string;
  /** True when this call started the execution (false: it already existed under that name). */
  created: boolean;
}

function payloadText(payload: InvokeRequest["Payload"]): string {
  if (payload === undefined || payload === null) return "";
  if (typeof payload === "string") return payload;
  if (payload instanceof Uint8Array)
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8");
  throw invalidParameter("Invoke: Payload must be bytes (Uint8Array) or a string of JSON.");
}

/** Validates an `Invoke` and starts (or finds) the durable execution; runs inside a transaction. */
export function prepareInvoke(runtime: ServiceRuntime, request: InvokeRequest): PreparedInvoke {
  const named = parseFunctionName(request?.FunctionName, request.Qualifier, "Invoke");
  const invocationType = (request.InvocationType ?? InvocationType.RequestResponse) as InvocationType;
  if (!Object.values(InvocationType).includes(invocationType)) {
    throw invalidParameter(
      `Invoke: InvocationType must be one of ${Object.values(InvocationType).join(", ")}; got ${JSON.stringify(request.InvocationType)}.`,
    );
  }
  const target = runtime.functions.get(named.name);
  if (target === undefined) throw functionNotFound(runtime, named);
  const text = payloadText(request.Payload);
  const bytes = Buffer.byteLength(text, "utf8");
  const limit = PAYLOAD_LIMIT_BYTES[invocationType];
  if (bytes > limit) {
    throw new DurableServiceError(
      ServiceErrorCode.RequestTooLarge,
      `Request must be smaller than ${limit} bytes for the ${invocationType} invocation type; the payload is ${bytes} bytes.`,
    );
  }
  const payload = text.length === 0 ? "{}" : text;
  try {
    JSON.parse(payload);
  } catch (error) {
    throw new DurableServiceError(
      ServiceErrorCode.InvalidRequestContent,
      `Could not parse request body into json: ${error instanceof Error ? error.message : String(error)}. ` +
        `Send the payload as JSON text.`,
    );
  }
  const version = named.qualifier ?? ServiceDefaults.functionVersion;
  const name = request.DurableExecutionName ?? undefined;
  const prepared: PreparedInvoke = {
    invocationType,
    target,
    functionName: named.name,
    version,
    payload,
    tenantId: request.TenantId ?? undefined,
    created: false,
  };
  if (!target.durable) {
    if (name !== undefined) {
      throw invalidParameter(
        `Invoke: DurableExecutionName applies only to durable functions, and ${named.name} is not one. Leave it out.`,
      );
    }
    return prepared;
  }
  if (invocationType === InvocationType.DryRun) return prepared;
  const started = startExecution(
    runtime,
    {
      functionName: named.name,
      input: payload,
      version,
      ...(name === undefined ? {} : { executionName: name }),
    },
    undefined,
  );
  prepared.executionArn = started.arn;
  prepared.created = started.created;
  return prepared;
}

function lambdaErrorPayload(errorType: string | undefined, errorMessage: string | undefined): Uint8Array {
  return Buffer.from(
    JSON.stringify({ errorType: errorType ?? "Error", errorMessage: errorMessage ?? "" }),
    "utf8",
  );
}

/** Runs the function of a prepared `Invoke` and builds the response. */
export async function runInvoke(runtime: ServiceRuntime, prepared: PreparedInvoke): Promise<InvokeResponse> {
  const response: InvokeResponse = {
    StatusCode: STATUS_CODES[prepared.invocationType],
    ExecutedVersion: prepared.version,
  };
  if (prepared.executionArn !== undefined) response.DurableExecutionArn = prepared.executionArn;
  if (prepared.invocationType === InvocationType.DryRun) return response;
  const { target } = prepared;
  let work: Promise<unknown>;
  if (target.durable) {
    const arn = prepared.executionArn as string;
    work = prepared.created ? Promise.resolve().then(() => target.run(arn)) : Promise.resolve();
  } else {
    work = Promise.resolve().then(() =>
      target.invoke({
        functionName: prepared.functionName,
        payload: prepared.payload,
        tenantId: prepared.tenantId,
        callerExecutionArn: undefined,
        operationId: undefined,
      }),
    );
  }
  if (prepared.invocationType === InvocationType.Event) {
    // Lambda queues the event and answers at once; a failure shows in the execution, not here.
    work.catch(() => undefined);
    return response;
  }
  if (!target.durable) {
    try {
      const result = await work;
      if (typeof result === "string") response.Payload = Buffer.from(result, "utf8");
    } catch (error) {
      const { ErrorType, ErrorMessage } = errorObjectFrom(error);
      response.FunctionError = "Unhandled";
      response.Payload = lambdaErrorPayload(ErrorType, ErrorMessage);
    }
    return response;
  }
  await work;
  const exec = runtime.state.transaction(() => runtime.state.executionByArn(prepared.executionArn as string));
  if (exec?.status === ExecutionStatus.SUCCEEDED) {
    if (exec.result !== undefined) response.Payload = Buffer.from(exec.result, "utf8");
  } else if (exec !== undefined && exec.status !== ExecutionStatus.RUNNING) {
    response.FunctionError = "Unhandled";
    response.Payload = lambdaErrorPayload(exec.error?.ErrorType ?? exec.status, exec.error?.ErrorMessage);
  }
  return response;
}
