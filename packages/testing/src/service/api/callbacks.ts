import type {
  SendDurableExecutionCallbackFailureRequest,
  SendDurableExecutionCallbackHeartbeatRequest,
  SendDurableExecutionCallbackSuccessRequest,
} from "@aws-sdk/client-lambda";
import { closeCallback, openCallback } from "../callbacks.js";
import { MS_PER_SECOND, OperationStatus, ServiceLimits } from "../constants.js";
import { invalidParameter } from "../request-errors.js";
import type { ServiceRuntime } from "../runtime.js";
import { byteLength, validateErrorObject } from "../validation/error-object.js";

/** `SendDurableExecutionCallbackSuccess` request; `Result` may also be a string. */
export type CallbackSuccessRequest = Omit<SendDurableExecutionCallbackSuccessRequest, "Result"> & {
  Result?: Uint8Array | string;
};

/** `SendDurableExecutionCallbackSuccess`: completes a callback with a result. */
export function sendCallbackSuccess(
  runtime: ServiceRuntime,
  request: CallbackSuccessRequest,
): Record<string, never> {
  const api = "SendDurableExecutionCallbackSuccess";
  const { exec, record } = openCallback(runtime, request?.CallbackId, api);
  const raw = request.Result;
  if (raw !== undefined && raw !== null && typeof raw !== "string" && !(raw instanceof Uint8Array)) {
    throw invalidParameter(`${api}: Result must be bytes (Uint8Array) or a string.`);
  }
  const bytes =
    raw === undefined || raw === null ? 0 : typeof raw === "string" ? byteLength(raw) : raw.byteLength;
  if (bytes > ServiceLimits.callbackResultBytes) {
    throw invalidParameter(
      `${api}: Result is ${bytes} bytes, over the limit of ${ServiceLimits.callbackResultBytes} bytes.`,
    );
  }
  const text =
    raw === undefined || raw === null || bytes === 0
      ? undefined
      : typeof raw === "string"
        ? raw
        : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8");
  closeCallback(runtime, exec, record, OperationStatus.SUCCEEDED, { result: text });
  return {};
}

/** `SendDurableExecutionCallbackFailure`: fails a callback with an error. */
export function sendCallbackFailure(
  runtime: ServiceRuntime,
  request: SendDurableExecutionCallbackFailureRequest,
): Record<string, never> {
  const api = "SendDurableExecutionCallbackFailure";
  const { exec, record } = openCallback(runtime, request?.CallbackId, api);
  validateErrorObject(request.Error, api);
  closeCallback(runtime, exec, record, OperationStatus.FAILED, { error: request.Error ?? {} });
  return {};
}

/** `SendDurableExecutionCallbackHeartbeat`: restarts a callback's heartbeat timeout. */
export function sendCallbackHeartbeat(
  runtime: ServiceRuntime,
  request: SendDurableExecutionCallbackHeartbeatRequest,
): Record<string, never> {
  const { exec, record } = openCallback(
    runtime,
    request?.CallbackId,
    "SendDurableExecutionCallbackHeartbeat",
  );
  const seconds = record.heartbeatSeconds ?? 0;
  // A heartbeat on a callback without a heartbeat timeout is accepted and changes nothing.
  if (seconds > 0) {
    runtime.state.setTimer(
      exec,
      "callbackHeartbeat",
      record.op.Id as string,
      runtime.clock.now() + seconds * MS_PER_SECOND,
    );
  }
  return {};
}
