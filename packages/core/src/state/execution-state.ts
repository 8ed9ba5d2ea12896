import { type Operation, OperationStatus, OperationType, type WireOperation } from "../types/wire.js";

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

/** The key replay tracking uses for operations at the root (no `ParentId`). */
const ROOT_KEY = "";

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
 * Replay tracking (PROTOCOL.md "Ids, replay, determinism"; seed rows D2, D3): every operation that
 * existed when the invocation started was reached by an earlier invocation, so code that runs before
 * it is visited again is replaying. Each context counts its own unvisited operations, so concurrent
 * branches leave replay independently.
 */
export class ExecutionState {
  readonly #operations = new Map<string, Operation>();
  readonly #watchers = new Map<string, OperationWatcher[]>();
  readonly #unvisitedByParent = new Map<string, number>();
  readonly #unvisited = new Set<string>();
  #executionOperation: Operation | undefined;
  /** Whether the invocation started with operations from earlier invocations (it begins replaying). */
  readonly startedWithHistory: boolean;

  constructor(operations: readonly WireOperation[]) {
    for (const wire of operations) {
      const operation = normalizeOperation(wire);
      const id = operation.Id;
      if (id === undefined) continue;
      this.#operations.set(id, operation);
      if (operation.Type === OperationType.EXECUTION) {
        this.#executionOperation ??= operation;
        continue;
      }
      this.#unvisited.add(id);
      const key = operation.ParentId ?? ROOT_KEY;
      this.#unvisitedByParent.set(key, (this.#unvisitedByParent.get(key) ?? 0) + 1);
    }
    this.startedWithHistory = this.#unvisited.size > 0;
  }

  /** The EXECUTION operation (holds the user's input), if the state has one. */
  get executionOperation(): Operation | undefined {
    return this.#executionOperation;
  }

  /** Number of operation records. */
  get size(): number {
    return this.#operations.size;
  }


  get(id: string): Operation | undefined {
    return this.#operations.get(id);
  }

  values(): IterableIterator<Operation> {
    return this.#operations.values();
  }

  /**
   * Replaces records by `Id` (no field merge, as the service sends whole records) and wakes the
   * watchers of every record whose status changed. Records are applied before any watcher runs
   * (seed row C5), so a woken waiter always reads the new state.
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
      const previous = this.#operations.get(id);
      this.#operations.set(id, operation);
      if (operation.Type === OperationType.EXECUTION) this.#executionOperation = operation;
      if (previous?.Status === operation.Status) continue;
      statusChanges?.push(operation);
      if (this.#watchers.has(id)) (changed ??= []).push(operation);
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
    if (!this.#unvisited.delete(id)) return;
    const key = this.#operations.get(id)?.ParentId ?? ROOT_KEY;
    const remaining = (this.#unvisitedByParent.get(key) ?? 1) - 1;
    if (remaining === 0) this.#unvisitedByParent.delete(key);
    else this.#unvisitedByParent.set(key, remaining);
  }

  /**
   * Whether code of the context whose operations carry `parentId` (undefined at the root) is
   * replaying: some operation it created in an earlier invocation has not been reached yet.
   */
  isReplaying(parentId: string | undefined): boolean {
    return this.#unvisitedByParent.has(parentId ?? ROOT_KEY);
  }

  /** Whether operation `id` existed when the invocation started and has not been reached yet. */
  isUnvisited(id: string): boolean {
    return this.#unvisited.has(id);
  }
}
