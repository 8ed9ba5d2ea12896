import { checkpointFailure } from "../checkpoint/checkpoint-failure.js";
import { CheckpointLimits } from "../checkpoint/limits.js";
import type { DurableExecutionClient } from "../types/core.js";
import type { WireOperation } from "../types/wire.js";
import type { DurableEnvelope } from "./parse-envelope.js";

/**
 * All operations of the execution: the envelope's first page, then `GetDurableExecutionState` pages
 * (with the envelope's token) until no marker is left. User code never runs on partial state; a
 * failure is classified like a checkpoint failure. An empty first page is legal.
 */
export async function loadOperations(
  envelope: DurableEnvelope,
  client: DurableExecutionClient,
): Promise<WireOperation[]> {
  let marker = envelope.nextMarker;
  if (marker === undefined) return envelope.operations;
  const operations = [...envelope.operations];
  while (marker !== undefined) {
    let page: Awaited<ReturnType<DurableExecutionClient["getExecutionState"]>>;
    try {
      page = await client.getExecutionState({
        DurableExecutionArn: envelope.durableExecutionArn,
        CheckpointToken: envelope.checkpointToken,
        Marker: marker,
        MaxItems: CheckpointLimits.STATE_PAGE_SIZE,
      });
    } catch (error) {
      throw await checkpointFailure(error, "getExecutionState");
    }
    if (page?.Operations !== undefined) for (const operation of page.Operations) operations.push(operation);
    marker = page?.NextMarker ? page.NextMarker : undefined;
  }
  return operations;
}
