import { ContextUsageError } from "../errors/context-usage-error.js";
import type { ContextScope } from "./context-scope.js";
import { type OperationFrame, operationFrames } from "./frames.js";

function describeFrame(frame: OperationFrame): string {
  const name = frame.operationName === undefined ? "" : ` "${frame.operationName}"`;
  if (frame.attempt !== undefined) return `the function of step${name}`;
  return frame.contextId === undefined ? "the handler" : `the function of child context${name}`;
}

/**
 * Refuses an operation started on `scope` from code that runs somewhere else: in another
 * context's function (a parent or sibling context used by mistake) or inside a step attempt.
 * The execution fails with the error, before anything is recorded or run.
 *
 * @returns the refusal, or undefined when `scope` is the context whose code is running (or when no
 * durable frame is active, as for a handler called outside the engine).
 */
export function refuseWrongContext(
  scope: ContextScope,
  operation: string,
  operationName: string | undefined,
): ContextUsageError | undefined {
  const frame = operationFrames.getStore();
  if (frame === undefined || (frame.attempt === undefined && frame.contextId === scope.prefix))
    return undefined;
  const error = new ContextUsageError(operation, operationName, describeFrame(frame));
  scope.runtime.monitor.terminate({ kind: "fail", error });
  return error;
}
