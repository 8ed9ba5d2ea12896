import type { RedriveSeed } from "../redrive/redrive-seed.js";
import { type Operation, OperationStatus, OperationType, type WireOperation } from "../types/wire.js";
import { OperationIndex } from "./operation-index.js";

/** Called when a checkpoint response replaces an operation record. */
export type OperationWatcher = (operation: Operation) => void;

const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  OperationStatus.SUCCEEDED,
  OperationStatus.FAILED,
  OperationStatus.CANCELLED,
  OperationStatus.TIMED_OUT,
  OperationStatus.STOPPED,
]);

/** Whether an operation status is final. */
export function isTerminalStatus(status: string | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.has(status);
}

function toDate(value: unknown): Date | undefined {
  if (value === undefined || value === null || value instanceof Date) return value ?? undefined;
  const date = new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Normalizes a wire operation in place: timestamps that arrive as strings or numbers (JSON
 * transports) become `Date`s; invalid ones become `undefined`.
 */
export function normalizeOperation(operation: WireOperation): Operation {
  if (operation.StartTimestamp !== undefined && !(operation.StartTimestamp instanceof Date)) {
    operation.StartTimestamp = toDate(operation.StartTimestamp);
  }
  if (operation.EndTimestamp !== undefined && !(operation.EndTimestamp instanceof Date)) {
    operation.EndTimestamp = toDate(operation.EndTimestamp);
  }
  const step = operation.StepDetails;
  if (step?.NextAttemptTimestamp !== undefined && !(step.NextAttemptTimestamp instanceof Date)) {
    step.NextAttemptTimestamp = toDate(step.NextAttemptTimestamp);
  }
  const wait = operation.WaitDetails;
  if (wait?.ScheduledEndTimestamp !== undefined && !(wait.ScheduledEndTimestamp instanceof Date)) {
    wait.ScheduledEndTimestamp = toDate(wait.ScheduledEndTimestamp);
  }
  return operation as Operation;
}

/**
 * The execution state of one invocation: operation records by hashed id (O(1) lookup), kept up to
 * date from checkpoint responses, plus replay tracking.
 *
 * Replay tracking: every operation that
 * existed when the invocation started was reached by an earlier invocation, so code that runs before
 * it is visited again is replaying. Each context counts its own unvisited operations, so concurrent
 * branches leave replay independently.
 */
export class ExecutionState {
  /**
   * Current record of every operation by position (records are never removed), as it arrived. Its
   * timestamps become `Date`s in place the first time `get`, `values`, `apply` or
   * `executionOperation` hands it out: a replayed step never reads them, and parsing two ISO-8601
   * strings per record would cost more than replaying it.
   */
  readonly #records: WireOperation[] = [];
  /** Position of every record by id. */
  readonly #positions: OperationIndex;
  readonly #watchers = new Map<string, OperationWatcher[]>();
  /** Unvisited initial records per non-root parent id; the root's count is kept apart. */
  readonly #unvisitedByParent = new Map<string, number>();
  #unvisitedAtRoot = 0;
  /**
   * The first `#visited.length` positions hold the records the invocation started with, in envelope
   * order; `#visited` marks the ones reached. Replay usually reaches them in this order, so
   * `#cursor` (the next unvisited position) answers most lookups without probing the index.
   */
  readonly #visited: Uint8Array;
  #cursor = 0;
  #redriveSeed: RedriveSeed | undefined;
  #executionOperation: WireOperation | undefined;
  /** Whether the invocation started with operations from earlier invocations (it begins replaying). */
  readonly startedWithHistory: boolean;

  constructor(operations: readonly WireOperation[]) {
    const records = this.#records;
    const positions = new OperationIndex(records, operations.length);
    this.#positions = positions;
    let unvisited = 0;
    for (let index = 0; index < operations.length; index++) {
      const operation = operations[index] as WireOperation;
      const id = operation.Id;
      if (id === undefined || !positions.add(id, records.length)) continue;
      records.push(operation);
      if (operation.Type === OperationType.EXECUTION) {
        this.#executionOperation ??= operation;
        continue;
      }
      unvisited++;
      const parentId = operation.ParentId;
      if (parentId === undefined) this.#unvisitedAtRoot++;
      else this.#unvisitedByParent.set(parentId, (this.#unvisitedByParent.get(parentId) ?? 0) + 1);
    }
    this.#visited = new Uint8Array(records.length);
    // The EXECUTION record is never reached by replay: it counts as visited.
    for (let position = 0; position < records.length; position++) {
      if ((records[position] as WireOperation).Type === OperationType.EXECUTION) this.#visited[position] = 1;
    }
    this.startedWithHistory = unvisited > 0;
    this.#skipVisited();
  }

  /** The EXECUTION operation (holds the user's input), if the state has one. */
  get executionOperation(): Operation | undefined {
    const operation = this.#executionOperation;
    return operation === undefined ? undefined : normalizeOperation(operation);
  }

  /** Number of operation records. */
  get size(): number {
    return this.#records.length;
  }

  /** The record of operation `id`, timestamps as `Date`s. */
  get(id: string): Operation | undefined {
    const record = this.peek(id);
    return record === undefined ? undefined : normalizeOperation(record);
  }

  /**
   * The record of operation `id` as it arrived (timestamps may still be strings), for the replay
   * fast path, which reads only ids, names, types, statuses and payloads.
   */
  peek(id: string): WireOperation | undefined {
    const expected = this.#records[this.#cursor];
    if (expected !== undefined && expected.Id === id) return expected;
    const position = this.#positions.find(id);
    // A redrive answers operations it has no record of yet from its source's results.
    return position < 0 ? this.#redriveSeed?.peek(id) : this.#records[position];
  }

  /** The results a redrive takes from its source, when this execution is a redrive. */
  get redriveSeed(): RedriveSeed | undefined {
    return this.#redriveSeed;
  }

  /** Makes {@link peek} and {@link get} answer from `seed` for operations without a record. */
  useRedriveSeed(seed: RedriveSeed): void {
    this.#redriveSeed = seed;
  }

  /** Whether the record of `id` comes from the redrive's source rather than from this execution. */
  isFromRedriveSource(id: string): boolean {
    return (
      this.#redriveSeed !== undefined &&
      this.#positions.find(id) < 0 &&
      this.#redriveSeed.peek(id) !== undefined
    );
  }

  /** Every record, in envelope order then creation order, timestamps as `Date`s. */
  *values(): IterableIterator<Operation> {
    for (const record of this.#records) yield normalizeOperation(record);
  }

  /**
   * Replaces records by `Id` (no field merge, as the service sends whole records) and wakes the
   * watchers of every record whose status changed. Records are applied before any watcher runs
   * so a woken waiter always reads the new state.
   *
   * @param statusChanges when given, receives every record whose status changed (for plugins).
   */
  apply(operations: readonly WireOperation[] | undefined, statusChanges?: Operation[]): void {
    if (operations === undefined || operations.length === 0) return;
    let changed: Operation[] | undefined;
    for (const wire of operations) {
      const operation = normalizeOperation(wire);
      const id = operation.Id;
      if (id === undefined) continue;
      const position = this.#positions.find(id);
      const previous = position < 0 ? undefined : this.#records[position];
      if (position < 0) {
        this.#positions.add(id, this.#records.length);
        this.#records.push(operation);
      } else {
        this.#records[position] = operation;
      }
      if (operation.Type === OperationType.EXECUTION) this.#executionOperation = operation;
      if (previous?.Status === operation.Status) continue;
      statusChanges?.push(operation);
      if (!this.#watchers.has(id)) continue;
      changed ??= [];
      changed.push(operation);
    }
    if (changed === undefined) return;
    for (const operation of changed) {
      const watchers = this.#watchers.get(operation.Id as string);
      if (watchers === undefined) continue;
      for (const watcher of [...watchers]) watcher(operation);
    }
  }

  /** Calls `watcher` whenever the status of operation `id` changes. Returns the unsubscribe function. */
  watch(id: string, watcher: OperationWatcher): () => void {
    let watchers = this.#watchers.get(id);
    if (watchers === undefined) {
      watchers = [];
      this.#watchers.set(id, watchers);
    }
    watchers.push(watcher);
    return () => {
      const list = this.#watchers.get(id);
      if (list === undefined) return;
      const index = list.indexOf(watcher);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) this.#watchers.delete(id);
    };
  }

  /** Records that the handler reached operation `id` in this invocation. */
  visit(id: string): void {
    const position = this.#positionOf(id);
    if (position === undefined || this.#visited[position] === 1) return;
    this.#visited[position] = 1;
    if (position === this.#cursor) this.#skipVisited();
    const parentId = (this.#records[position] as Operation).ParentId;
    if (parentId === undefined) {
      this.#unvisitedAtRoot--;
      return;
    }
    const remaining = (this.#unvisitedByParent.get(parentId) ?? 1) - 1;
    if (remaining === 0) this.#unvisitedByParent.delete(parentId);
    else this.#unvisitedByParent.set(parentId, remaining);
  }

  /**
   * Whether code of the context whose operations carry `parentId` (undefined at the root) is
   * replaying: some operation it created in an earlier invocation has not been reached yet.
   */
  isReplaying(parentId: string | undefined): boolean {
    return parentId === undefined ? this.#unvisitedAtRoot > 0 : this.#unvisitedByParent.has(parentId);
  }

  /** Whether operation `id` existed when the invocation started and has not been reached yet. */
  isUnvisited(id: string): boolean {
    const position = this.#positionOf(id);
    return position !== undefined && this.#visited[position] === 0;
  }

  /** Position of `id` among the initial records, or undefined when it was created in this invocation. */
  #positionOf(id: string): number | undefined {
    if (this.#records[this.#cursor]?.Id === id) return this.#cursor;
    const position = this.#positions.find(id);
    return position >= 0 && position < this.#visited.length ? position : undefined;
  }

  /** Moves the cursor past records already visited. */
  #skipVisited(): void {
    const visited = this.#visited;
    while (this.#cursor < visited.length && visited[this.#cursor] === 1) this.#cursor++;
  }
}
