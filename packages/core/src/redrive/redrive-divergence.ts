import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { hashOperationId } from "../ids/index.js";
import { type Operation, OperationAction, OperationType } from "../types/wire.js";
import { REDRIVE_DIVERGENCE_SUBTYPE } from "./source-history.js";

/** What the code calls at an id: compared with what the source recorded there. */
export interface CalledOperation {
  readonly type: string;
  readonly name: string | undefined;
  readonly subType: string | undefined;
}

/** The wire id of the divergence record of operation `id` (not an id any operation call can get). */
function divergenceRecordId(id: string): string {
  return hashOperationId(`${id}-redrive-divergence`);
}

/**
 * The code of a redrive calls a different operation at `ids` than its source recorded there (the
 * code was changed): the source's results for the rest of this context are dropped, so they run
 * fresh, and a STEP record of sub-type `RedriveDivergence` tells the history (and later invocations)
 * where and why.
 */
export function divergeFromSource(
  scope: ContextScope,
  ids: OperationIds,
  recorded: Operation,
  called: CalledOperation,
): void {
  const { state, queue } = scope.runtime;
  const seed = state.redriveSeed;
  if (seed === undefined) return;
  seed.divergeFrom(ids.id);
  const describe = (type: unknown, name: unknown) => `${String(type)} ${JSON.stringify(name ?? null)}`;
  const payload = {
    from: ids.id,
    source: { type: recorded.Type, name: recorded.Name, subType: recorded.SubType },
    code: called,
  };
  void queue.enqueue({
    Id: divergenceRecordId(ids.id),
    ...(scope.parentId === undefined ? {} : { ParentId: scope.parentId }),
    Type: OperationType.STEP,
    SubType: REDRIVE_DIVERGENCE_SUBTYPE,
    Name:
      `redrive: operations from ${ids.id} run fresh (the source recorded ${describe(recorded.Type, recorded.Name)}, ` +
      `the code calls ${describe(called.type, called.name)})`,
    Action: OperationAction.SUCCEED,
    Payload: JSON.stringify(payload),
  });
}
