import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  Operation,
} from "@aws-sdk/client-lambda";
import type { CheckpointEffects } from "../apply/applier.js";
import { applyUpdate } from "../apply/apply-update.js";
import { runChainedInvoke } from "../chained-invokes.js";
import { ExecutionStatus } from "../constants.js";
import { invalidParameter, invalidToken } from "../request-errors.js";
import type { ServiceRuntime } from "../runtime.js";
import type { ExecutionRecord, InvocationState } from "../state/records.js";
import { inStartOrder, visibleOperations } from "../state/visibility.js";
import { fireDueTimers } from "../timers.js";
import { decodeCheckpointToken, encodeCheckpointToken, encodeMarker } from "../tokens.js";
import { validateCheckpointUpdates } from "../validation/checkpoint-updates.js";
import { markerOffset, parsePageSize, requireExecutionForFunction } from "./lookups.js";

function drainDirty(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  invocation: InvocationState,
): Operation[] {
  const dirty = invocation.dirty;
  invocation.dirty = [];
  if (dirty.length === 0) return [];
  const records =
    dirty.length === 1
      ? [runtime.state.operation(exec, dirty[0] as string)].filter((record) => record !== undefined)
      : inStartOrder(runtime.state.operations(exec), dirty);
  const delivered = new Set(dirty);
  exec.undelivered = exec.undelivered.filter((id) => !delivered.has(id));
  return records.map((record) => structuredClone(record.op));
}

/** `CheckpointDurableExecution`: checks the token, validates and applies the updates, answers with the changes. */
export function checkpoint(
  runtime: ServiceRuntime,
  request: CheckpointDurableExecutionRequest,
): CheckpointDurableExecutionResponse {
  const api = "CheckpointDurableExecution";
  const exec = requireExecutionForFunction(runtime, request?.DurableExecutionArn, api);
  if (typeof request.CheckpointToken !== "string" || request.CheckpointToken.length === 0) {
    throw invalidParameter(
      `${api}: CheckpointToken is required; use the token from the invocation event or the previous checkpoint response.`,
    );
  }
  const token = decodeCheckpointToken(request.CheckpointToken);
  if (token === undefined) {
    throw invalidToken("the token was not issued by this service. Use the token from the invocation event.");
  }
  if (token.executionId !== exec.id)
    throw invalidToken("the token was issued for a different durable execution.");
  fireDueTimers(runtime, exec);
  const invocation = exec.invocation;
  const sameInvocation = invocation !== undefined && token.invocation === invocation.number;
  if (
    sameInvocation &&
    token.seq !== invocation.seq &&
    invocation.last !== undefined &&
    token.seq === invocation.last.seq &&
    typeof request.ClientToken === "string" &&
    request.ClientToken === invocation.last.clientToken
  ) {
    // A retry of the previous request (same token, same ClientToken): same answer, applied once.
    return structuredClone(invocation.last.response);
  }
  if (exec.status !== ExecutionStatus.RUNNING) {
    throw invalidToken(
      `durable execution ${exec.arn} has already completed (${exec.status}); it accepts no more checkpoints.`,
    );
  }
  if (!sameInvocation) {
    throw invalidToken(
      "the invocation that received this token has ended. Each invocation must use the token from its own event.",
    );
  }
  if (token.seq !== invocation.seq) {
    throw invalidToken(
      "the token has already been used. Send each checkpoint with the CheckpointToken returned by the previous checkpoint response.",
    );
  }
  const updates = request.Updates ?? [];
  if (!Array.isArray(updates)) throw invalidParameter(`${api}: Updates must be a list of operation updates.`);
  validateCheckpointUpdates(
    updates,
    (id) => {
      const record = runtime.state.operation(exec, id);
      return record === undefined
        ? undefined
        : { Type: record.op.Type as string, Status: record.op.Status as string };
    },
    exec.id,
  );
  const effects: CheckpointEffects = { invokesToRun: [] };
  for (const update of updates) applyUpdate(runtime, exec, update, effects);

  invocation.seq += 1;
  const response: CheckpointDurableExecutionResponse = {
    CheckpointToken: encodeCheckpointToken({
      executionId: exec.id,
      invocation: invocation.number,
      seq: invocation.seq,
    }),
    NewExecutionState: { Operations: drainDirty(runtime, exec, invocation) },
  };
  invocation.last = {
    seq: token.seq,
    clientToken: typeof request.ClientToken === "string" ? request.ClientToken : undefined,
    response: structuredClone(response),
  };
  const toRun = effects.invokesToRun;
  runtime.state.afterCommit(() => {
    for (const record of toRun) runChainedInvoke(runtime, exec, record);
  });
  return response;
}

/** `GetDurableExecutionState`: pages of the operations a replay needs. */
export function getState(
  runtime: ServiceRuntime,
  request: GetDurableExecutionStateRequest,
): GetDurableExecutionStateResponse {
  const api = "GetDurableExecutionState";
  const exec = requireExecutionForFunction(runtime, request.DurableExecutionArn, api);
  if (request.CheckpointToken === undefined || request.CheckpointToken === null) {
    throw invalidParameter(`${api}: CheckpointToken is required; pass the token from the invocation event.`);
  }
  const token = decodeCheckpointToken(request.CheckpointToken);
  if (token === undefined || token.executionId !== exec.id) {
    throw invalidToken(
      "the token was not issued for this durable execution. Pass the CheckpointToken from the invocation event.",
    );
  }
  const pageSize = parsePageSize(request.MaxItems, api);
  const offset = markerOffset(request.Marker, "state", exec, api);
  fireDueTimers(runtime, exec);
  const visible = visibleOperations(runtime.state.operations(exec));
  const page = visible.slice(offset, offset + pageSize);
  const response: GetDurableExecutionStateResponse = {
    Operations: page.map((record) => structuredClone(record.op)),
  };
  if (offset + page.length < visible.length) {
    response.NextMarker = encodeMarker({ kind: "state", executionId: exec.id, offset: offset + page.length });
  }
  return response;
}
