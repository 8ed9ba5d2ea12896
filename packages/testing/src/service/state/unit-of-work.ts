import type { Event, EventType as LambdaEventType } from "@aws-sdk/client-lambda";
import { buildEvent, type EventDetails, type EventSubject } from "../history.js";
import type { CallbackRecord, ExecutionRecord, OperationRecord, TimerKind, TimerRecord } from "./records.js";
import type { DurableStore } from "./store.js";

/**
 * The service's way into its {@link DurableStore}: every public call runs in one
 * {@link UnitOfWork.transaction}, which loads each record at most once (so changes made through
 * one lookup are seen by the next), writes back every execution it loaded and every operation
 * marked with {@link UnitOfWork.saveOperation} when the work ends, and only then runs the
 * `afterCommit` callbacks (change notifications), so listeners never see uncommitted state.
 */
export class UnitOfWork {
  readonly store: DurableStore;
  #depth = 0;
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #operations = new Map<string, Map<string, OperationRecord>>();
  readonly #changedOperations = new Map<string, { executionId: string; record: OperationRecord }>();
  #afterCommit: Array<() => void> = [];

  constructor(store: DurableStore) {
    this.store = store;
  }

  /** Runs `work` in a store transaction (joining the current one when nested). */
  transaction<T>(work: () => T): T {
    if (this.#depth > 0) return work();
    this.#depth = 1;
    let committed = false;
    try {
      const result = this.store.transaction(() => {
        const value = work();
        this.#flush();
        return value;
      });
      committed = true;
      return result;
    } finally {
      const callbacks = committed ? this.#afterCommit : [];
      this.#depth = 0;
      this.#executions.clear();
      this.#operations.clear();
      this.#changedOperations.clear();
      this.#afterCommit = [];
      for (const callback of callbacks) callback();
    }
  }

  /** Runs `callback` once the current transaction has committed (at once outside one). */
  afterCommit(callback: () => void): void {
    if (this.#depth === 0) callback();
    else this.#afterCommit.push(callback);
  }

  createExecution(record: ExecutionRecord): void {
    this.store.putExecution(record);
    this.#remember(record);
  }

  execution(executionId: string): ExecutionRecord | undefined {
    return this.#executions.get(executionId) ?? this.#remember(this.store.getExecution(executionId));
  }

  executionByArn(executionArn: string): ExecutionRecord | undefined {
    const found = this.store.getExecutionByArn(executionArn);
    return found === undefined ? undefined : (this.#executions.get(found.id) ?? this.#remember(found));
  }

  executionByName(functionName: string, executionName: string): ExecutionRecord | undefined {
    const found = this.store.getExecutionByName(functionName, executionName);
    return found === undefined ? undefined : (this.#executions.get(found.id) ?? this.#remember(found));
  }

  allExecutions(): ExecutionRecord[] {
    return this.store.listExecutions().map((found) => this.#executions.get(found.id) ?? this.#keep(found));
  }

  operation(exec: ExecutionRecord, operationId: string): OperationRecord | undefined {
    const cache = this.#operationCache(exec.id);
    const cached = cache.get(operationId);
    if (cached !== undefined) return cached;
    const found = this.store.getOperation(exec.id, operationId);
    if (found !== undefined) cache.set(operationId, found);
    return found;
  }

  /** Every operation in start order (including ones created in this transaction). */
  operations(exec: ExecutionRecord): OperationRecord[] {
    const cache = this.#operationCache(exec.id);
    const listed = this.store.listOperations(exec.id).map((found) => {
      const id = found.op.Id as string;
      const cached = cache.get(id);
      if (cached !== undefined) return cached;
      cache.set(id, found);
      return found;
    });
    if (this.#changedOperations.size > 0) {
      const seen = new Set(listed.map((record) => record.op.Id as string));
      for (const { executionId, record } of this.#changedOperations.values()) {
        if (executionId === exec.id && !seen.has(record.op.Id as string)) listed.push(record);
      }
    }
    return listed;
  }

  /** Marks an operation (new or changed) to be written when the transaction ends. */
  saveOperation(exec: ExecutionRecord, record: OperationRecord): void {
    const id = record.op.Id as string;
    this.#operationCache(exec.id).set(id, record);
    this.#changedOperations.set(`${exec.id}\n${id}`, { executionId: exec.id, record });
  }

  /** Appends a history event numbered after the execution's last one. */
  appendEvent<T extends LambdaEventType>(
    exec: ExecutionRecord,
    eventType: T,
    timestamp: Date,
    subject: EventSubject | undefined,
    details: EventDetails<T>,
  ): Event {
    const event = buildEvent(this.store.eventCount(exec.id) + 1, eventType, timestamp, subject, details);
    this.store.appendEvent(exec.id, event);
    return event;
  }

  events(exec: ExecutionRecord): Event[] {
    return this.store.listEvents(exec.id);
  }

  setTimer(exec: ExecutionRecord, kind: TimerKind, operationId: string, dueAt: number): void {
    this.store.putTimer(exec.id, { kind, operationId, dueAt });
  }

  clearTimer(exec: ExecutionRecord, kind: TimerKind, operationId: string): void {
    this.store.deleteTimer(exec.id, kind, operationId);
  }

  clearTimers(exec: ExecutionRecord): void {
    this.store.deleteTimers(exec.id);
  }

  timers(exec: ExecutionRecord): TimerRecord[] {
    return this.store.listTimers(exec.id);
  }

  putCallback(callbackId: string, record: CallbackRecord): void {
    this.store.putCallback(callbackId, record);
  }

  callback(callbackId: string): CallbackRecord | undefined {
    return this.store.getCallback(callbackId);
  }

  #remember(record: ExecutionRecord | undefined): ExecutionRecord | undefined {
    return record === undefined ? undefined : this.#keep(record);
  }

  #keep(record: ExecutionRecord): ExecutionRecord {
    if (this.#depth > 0) this.#executions.set(record.id, record);
    return record;
  }

  #operationCache(executionId: string): Map<string, OperationRecord> {
    let cache = this.#operations.get(executionId);
    if (cache === undefined) {
      cache = new Map();
      if (this.#depth > 0) this.#operations.set(executionId, cache);
    }
    return cache;
  }

  #flush(): void {
    for (const record of this.#executions.values()) this.store.putExecution(record);
    for (const { executionId, record } of this.#changedOperations.values()) {
      this.store.putOperation(executionId, record);
    }
  }
}
