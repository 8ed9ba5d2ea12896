import type { CheckpointOperation } from "./classify-checkpoint-error.js";

/**
 * The error a failed `checkpoint` or `getExecutionState` call ends the invocation with (see
 * `toCheckpointFailure`). The classification and the setup diagnosis load with the first failure:
 * an invocation whose state calls succeed never needs them.
 *
 * @example
 * ```ts
 * try {
 *   page = await client.getExecutionState(request);
 * } catch (error) {
 *   throw await checkpointFailure(error, "getExecutionState");
 * }
 * ```
 */
export async function checkpointFailure(error: unknown, operation: CheckpointOperation): Promise<Error> {
  const { toCheckpointFailure } = await import("./classify-checkpoint-error.js");
  return toCheckpointFailure(error, operation);
}
