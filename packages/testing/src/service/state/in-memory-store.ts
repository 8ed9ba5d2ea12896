import type { Event } from "@aws-sdk/client-lambda";
import { rejectUnknownKeys } from "../../options/known-keys.js";
import type { CallbackRecord, ExecutionRecord, OperationRecord, TimerKind, TimerRecord } from "./records.js";
import type { DurableStore, ExecutionQuery } from "./store.js";

/**
 * Options of {@link InMemoryDurableStore}.
 *
 * @example
 * ```ts
 * const store = new InMemoryDurableStore({ copyRecords: true });
 * ```
 */
export interface InMemoryDurableStoreOptions {
  /**
   * Hand out and keep copies of records instead of the stored objects, as a persistent store
   * does; tests use it to prove the service writes back everything it changes. Default: false.
   */
  copyRecords?: boolean;
}

const STORE_OPTION_KEYS = ["copyRecords"] as const satisfies ReadonlyArray<keyof InMemoryDurableStoreOptions>;

interface ExecutionEntry {
  record: ExecutionRecord;
  operations: Map<string, OperationRecord>;
  events: Event[];
  timers: Map<string, TimerRecord>;
}

function timerKey(kind: TimerKind, operationId: string): string {
  return `${kind}:${operationId}`;
}

/** True when the execution passes every filter of the query except the paging position. */
function matches(record: ExecutionRecord, query: ExecutionQuery): boolean {
  if (record.functionName !== query.functionName) return false;
  if (query.version !== undefined && record.version !== query.version) return false;
  if (query.executionName !== undefined && record.name !== query.executionName) return false;
  if (query.statuses !== undefined && query.statuses.length > 0 && !query.statuses.includes(record.status)) {
    return false;
  }
  const started = record.startTimestamp.getTime();
  if (query.startedAfter !== undefined && started <= query.startedAfter.getTime()) return false;
  if (query.startedBefore !== undefined && started >= query.startedBefore.getTime()) return false;
  return true;
}

/**
 * The {@link DurableStore} tests and the runner use: everything in process memory, gone with the
 * process. Its `transaction` runs the work directly (no rollback): the service validates a
 * request completely before it changes anything.
 *
 * @example
 * ```ts
 * import { InMemoryDurableStore, LocalDurableService } from "@durable-lambda/testing";
 *
 * const service = new LocalDurableService({ store: new InMemoryDurableStore() });
 * ```
 */
export class InMemoryDurableStore implements DurableStore {
  readonly #copy: <T>(value: T) => T;
  readonly #executions = new Map<string, ExecutionEntry>();
  readonly #byArn = new Map<string, string>();
  readonly #byName = new Map<string, string>();
  readonly #callbacks = new Map<string, CallbackRecord>();

  constructor(options: InMemoryDurableStoreOptions = {}) {
    rejectUnknownKeys("InMemoryDurableStore", options, STORE_OPTION_KEYS);
    this.#copy = options.copyRecords === true ? (value) => structuredClone(value) : (value) => value;
  }

  transaction<T>(work: () => T): T {
    return work();
  }

  nextExecutionSequence(): number {
    return this.#executions.size + 1;
  }

  putExecution(record: ExecutionRecord): void {
    const stored = this.#copy(record);
    const entry = this.#executions.get(record.id);
    if (entry !== undefined) {
      entry.record = stored;
      return;
    }
    this.#executions.set(record.id, { record: stored, operations: new Map(), events: [], timers: new Map() });
    this.#byArn.set(record.arn, record.id);
    this.#byName.set(`${record.functionName}\n${record.name}`, record.id);
  }

  getExecution(executionId: string): ExecutionRecord | undefined {
    const entry = this.#executions.get(executionId);
    return entry === undefined ? undefined : this.#copy(entry.record);
  }

  getExecutionByArn(executionArn: string): ExecutionRecord | undefined {
    const id = this.#byArn.get(executionArn);
    return id === undefined ? undefined : this.getExecution(id);
  }

  getExecutionByName(functionName: string, executionName: string): ExecutionRecord | undefined {
    const id = this.#byName.get(`${functionName}\n${executionName}`);
    return id === undefined ? undefined : this.getExecution(id);
  }

  listExecutions(): ExecutionRecord[] {
    return [...this.#executions.values()].map((entry) => this.#copy(entry.record));
  }

  queryExecutions(query: ExecutionQuery): ExecutionRecord[] {
    const all = [...this.#executions.values()].map((entry) => entry.record);
    if (query.reverseOrder) all.reverse();
    const found: ExecutionRecord[] = [];
    for (const record of all) {
      if (found.length >= query.limit) break;
      if (query.afterSequence !== undefined) {
        const passed = query.reverseOrder
          ? record.sequence >= query.afterSequence
          : record.sequence <= query.afterSequence;
        if (passed) continue;
      }
      if (matches(record, query)) found.push(this.#copy(record));
    }
    return found;
  }

  putOperation(executionId: string, record: OperationRecord): void {
    this.#entry(executionId).operations.set(record.op.Id as string, this.#copy(record));
  }

  getOperation(executionId: string, operationId: string): OperationRecord | undefined {
    const record = this.#executions.get(executionId)?.operations.get(operationId);
    return record === undefined ? undefined : this.#copy(record);
  }

  listOperations(executionId: string): OperationRecord[] {
    const operations = this.#executions.get(executionId)?.operations;
    return operations === undefined ? [] : [...operations.values()].map((record) => this.#copy(record));
  }

  appendEvent(executionId: string, event: Event): void {
    this.#entry(executionId).events.push(this.#copy(event));
  }

  listEvents(executionId: string): Event[] {
    const events = this.#executions.get(executionId)?.events ?? [];
    return this.#copy(events).slice();
  }

  eventCount(executionId: string): number {
    return this.#executions.get(executionId)?.events.length ?? 0;
  }

  putTimer(executionId: string, timer: TimerRecord): void {
    this.#entry(executionId).timers.set(timerKey(timer.kind, timer.operationId), { ...timer });
  }

  deleteTimer(executionId: string, kind: TimerKind, operationId: string): void {
    this.#executions.get(executionId)?.timers.delete(timerKey(kind, operationId));
  }

  deleteTimers(executionId: string): void {
    this.#executions.get(executionId)?.timers.clear();
  }

  listTimers(executionId: string): TimerRecord[] {
    const timers = this.#executions.get(executionId)?.timers;
    return timers === undefined ? [] : [...timers.values()].map((timer) => ({ ...timer }));
  }

  nextTimer(): { executionId: string; dueAt: number } | undefined {
    let next: { executionId: string; dueAt: number } | undefined;
    for (const [executionId, entry] of this.#executions) {
      for (const timer of entry.timers.values()) {
        if (next === undefined || timer.dueAt < next.dueAt) next = { executionId, dueAt: timer.dueAt };
      }
    }
    return next;
  }

  putCallback(callbackId: string, record: CallbackRecord): void {
    this.#callbacks.set(callbackId, { ...record });
  }

  getCallback(callbackId: string): CallbackRecord | undefined {
    const record = this.#callbacks.get(callbackId);
    return record === undefined ? undefined : { ...record };
  }

  #entry(executionId: string): ExecutionEntry {
    const entry = this.#executions.get(executionId);
    if (entry === undefined) {
      throw new Error(`InMemoryDurableStore: no execution ${executionId}; putExecution must come first.`);
    }
    return entry;
  }
}
