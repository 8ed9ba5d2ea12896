import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { hashOperationId } from "../ids/index.js";
import { type Operation, OperationStatus, OperationType, type WireOperation } from "../types/wire.js";
import { type CalledOperation, divergeFromSource } from "./redrive-divergence.js";
import type { SourceExecution, SourceOperation } from "./source-history.js";

/** Context sub-types that are always run again: their items decide what is taken. */
const RERUN_CONTEXT_SUBTYPES: ReadonlySet<string | undefined> = new Set(["Map", "Parallel"]);

/** A waitForCallback that did not succeed runs again whole: callback and submitter together. */
const WAIT_FOR_CALLBACK_SUBTYPE = "WaitForCallback";

/**
 * How many consecutive ids without a source record end the search for the rest of a context (ids of
 * a context are dense, except where a virtual context took a number without a record).
 */
const DIVERGENCE_GAP_TOLERANCE = 64;

/**
 * The record a redrive takes instead of running an operation, or undefined when the operation must
 * run again: it did not succeed; or it is a map or parallel (their items are taken one by one); or
 * it is a child context whose result was not stored (it is rebuilt from its children instead).
 */
function seedRecordOf(operation: SourceOperation, hasChildren: boolean): WireOperation | undefined {
  if (operation.status !== OperationStatus.SUCCEEDED) return undefined;
  const record: WireOperation = {
    Id: operation.id,
    Type: operation.type,
    Status: OperationStatus.SUCCEEDED,
    StartTimestamp: undefined,
  };
  if (operation.parentId !== undefined) record.ParentId = operation.parentId;
  if (operation.name !== undefined) record.Name = operation.name;
  if (operation.subType !== undefined) record.SubType = operation.subType;
  switch (operation.type) {
    case OperationType.STEP:
      record.StepDetails = { Result: operation.result, Attempt: operation.attempt };
      return record;
    case OperationType.WAIT:
      return record;
    case OperationType.CALLBACK:
      record.CallbackDetails = { CallbackId: operation.callbackId, Result: operation.result };
      return record;
    case OperationType.CHAINED_INVOKE:
      record.ChainedInvokeDetails = { Result: operation.result };
      return record;
    case OperationType.CONTEXT:
      if (RERUN_CONTEXT_SUBTYPES.has(operation.subType)) return undefined;
      // An empty stored result with children is a result too large to store: rebuild it.
      if ((operation.result === undefined || operation.result === "") && hasChildren) return undefined;
      record.ContextDetails = { Result: operation.result };
      return record;
    default:
      return undefined;
  }
}

/**
 * The results a redrive takes from its source chain instead of running the operations again: the
 * record of every operation that succeeded, by wire id. The engine reads it when its own state has
 * no record for an operation; from the first operation whose id, type or name differs from the
 * source's, the rest of that context (and everything under it) is dropped and runs fresh.
 */
export class RedriveSeed {
  /** The ARN of the execution this redrive continues. */
  readonly sourceArn: string;
  readonly #records = new Map<string, WireOperation>();
  readonly #children = new Map<string, Set<string>>();

  constructor(sourceArn: string) {
    this.sourceArn = sourceArn;
  }

  /** Number of records that can be taken. */
  get size(): number {
    return this.#records.size;
  }

  /** The record the source left for operation `id`, if it can be taken. */
  peek(id: string): WireOperation | undefined {
    return this.#records.get(id);
  }

  /**
   * Adds a link of the chain: first drops what it ran fresh (its divergences), then takes the
   * records of what succeeded in it and drops what did not.
   */
  overlay(source: SourceExecution): void {
    for (const from of source.divergences) this.divergeFrom(from);
    const parents = new Set<string>();
    for (const operation of source.operations.values()) {
      if (operation.parentId !== undefined) parents.add(operation.parentId);
    }
    for (const operation of source.operations.values()) {
      const record = seedRecordOf(operation, parents.has(operation.id));
      if (record === undefined) {
        // Only the record itself: what succeeded under a failed context can still be taken.
        this.#records.delete(operation.id);
        continue;
      }
      this.#records.set(operation.id, record);
      const parent = operation.parentId ?? "";
      let siblings = this.#children.get(parent);
      if (siblings === undefined) {
        siblings = new Set();
        this.#children.set(parent, siblings);
      }
      siblings.add(operation.id);
    }
    for (const operation of source.operations.values()) {
      // Its callback is created anew, so its submitter must run again to hand out the new id.
      if (operation.subType === WAIT_FOR_CALLBACK_SUBTYPE && !this.#records.has(operation.id)) {
        this.#drop(operation.id);
      }
    }
  }

  /**
   * The code calls a different operation at `ids` than the source recorded there: the rest of the
   * context runs fresh, and a record of where and why goes to the history.
   */
  divergeAt(scope: ContextScope, ids: OperationIds, recorded: Operation, called: CalledOperation): void {
    divergeFromSource(scope, ids, recorded, called);
  }

  /**
   * Drops the operation with unhashed id `from` and every later operation of its context, with
   * everything under them, so they run fresh. Returns how many records were dropped.
   */
  divergeFrom(from: string): number {
    const dash = from.lastIndexOf("-");
    const prefix = dash < 0 ? undefined : from.slice(0, dash);
    const first = Number(from.slice(dash + 1));
    if (!Number.isInteger(first) || first < 1) return 0;
    let dropped = 0;
    let misses = 0;
    for (let counter = first; misses < DIVERGENCE_GAP_TOLERANCE; counter++) {
      const id = hashOperationId(prefix === undefined ? String(counter) : `${prefix}-${counter}`);
      const count = this.#drop(id);
      misses = count === 0 ? misses + 1 : 0;
      dropped += count;
    }
    return dropped;
  }

  /** Drops record `id` and its descendants; returns how many were dropped. */
  #drop(id: string): number {
    let dropped = this.#records.delete(id) ? 1 : 0;
    const children = this.#children.get(id);
    if (children === undefined) return dropped;
    this.#children.delete(id);
    for (const child of children) dropped += this.#drop(child);
    return dropped;
  }
}
