import { DurableLogKey } from "../constants.js";
import { FrameKind } from "../scope/durable-frames.js";
import type { RecordOrigin } from "./record-origin.js";

/** Sets `key` unless the record already has it: keys the user passes explicitly win. */
function setKey(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && !(key in attributes)) attributes[key] = value;
}

/**
 * Adds the durable keys of a record made in an execution: `execution_arn`, and for code inside an
 * operation `operation_id`, `operation_name`, `attempt` (inside a step attempt) and `parent_id`;
 * with `replayLogging`, `replay`. A record made outside any execution gets none.
 */
export function addDurableKeys(
  attributes: Record<string, unknown>,
  origin: RecordOrigin,
  replayLogging: boolean,
): void {
  const { frame, logData } = origin;
  const executionArn = origin.invocation?.executionArn ?? logData?.executionArn;
  if (executionArn === undefined) return;
  setKey(attributes, DurableLogKey.EXECUTION_ARN, executionArn);
  const operation = frame?.operation;
  if (operation !== undefined) {
    setKey(attributes, DurableLogKey.OPERATION_ID, operation.id);
    setKey(attributes, DurableLogKey.OPERATION_NAME, operation.name);
    if (frame?.kind === FrameKind.ATTEMPT) setKey(attributes, DurableLogKey.ATTEMPT, operation.attempt);
    setKey(attributes, DurableLogKey.PARENT_ID, operation.parentId);
  } else if (logData !== undefined) {
    setKey(attributes, DurableLogKey.OPERATION_ID, logData.operationId);
    setKey(attributes, DurableLogKey.OPERATION_NAME, logData.operationName);
    setKey(attributes, DurableLogKey.ATTEMPT, logData.attempt);
    if (typeof logData.parentId === "string") setKey(attributes, DurableLogKey.PARENT_ID, logData.parentId);
  }
  if (replayLogging) setKey(attributes, DurableLogKey.REPLAY, origin.replaying);
}
