import type { Event, ExecutionStatus } from "@aws-sdk/client-lambda";
import type { CallbackRecord, ExecutionRecord, OperationRecord, TimerKind, TimerRecord } from "./records.js";

/**
 * Which executions of a function `ListDurableExecutionsByFunction` asks for. Every field but
 * `functionName`, `reverseOrder` and `limit` is optional and narrows the result.
 */
export interface ExecutionQuery {
  /** Bare function name. */
  functionName: string;
  /** Only executions of this version (the `Qualifier`). */
  version?: string;
  /** Only executions with this name. */
  executionName?: string;
  /** Only executions in one of these statuses. */
  statuses?: readonly ExecutionStatus[];
  /** Only executions started strictly after this time. */
  startedAfter?: Date;
  /** Only executions started strictly before this time. */
  startedBefore?: Date;
  /** Newest first when true; oldest first otherwise. */
  reverseOrder: boolean;
  /** Continue after the execution with this `sequence` (exclusive), in the requested order. */
  afterSequence?: number;
  /** Return at most this many. */
  limit: number;
}

/**
 * Where the local durable service keeps its state. The service calls it synchronously, always
 * inside {@link DurableStore.transaction}: one transaction covers one API call or one timer, so
 * a store that commits transactions atomically (SQLite) never holds half an update, and a
 * process killed mid-write restarts from the last whole API call.
 *
 * What it holds per execution: the execution record (status, outcome, the running invocation and
 * its checkpoint token chain, operations not yet reported to the function), the operations in
 * start order, the history events, the timers, and the callback ids it issued. Records are plain
 * data; a store may hand out its own objects or copies, since the service writes back every record
 * it changes (`putExecution`, `putOperation`) before the transaction ends.
 *
 * After a restart a persistent store needs nothing more: timers are due times on the service's
 * clock (the service fires them on its next call at or after `dueAt`; {@link DurableStore.nextTimer}
 * tells a scheduler when), and an execution whose `invocation` is set was cut off mid-invocation
 * (end it with `LocalDurableService.completeInvocation` and a Lambda error, then invoke again).
 *
 * @example
 * ```ts
 * import { InMemoryDurableStore, LocalDurableService } from "@durable-lambda/testing";
 *
 * const store = new InMemoryDurableStore();
 * const service = new LocalDurableService({ store });
 * service.startExecution({ functionName: "orders", executionName: "order-1" });
 * store.getExecutionByName("orders", "order-1")?.status; // "RUNNING"
 * ```
 */
export interface DurableStore {
  /**
   * Runs `work` as one atomic unit and returns its result. If `work` throws, a transactional
   * store rolls back and rethrows. The service never nests calls.
   */
  transaction<T>(work: () => T): T;

  /** The `sequence` to give the next execution (1 for the first). */
  nextExecutionSequence(): number;
  /** Inserts or replaces an execution. */
  putExecution(record: ExecutionRecord): void;
  getExecution(executionId: string): ExecutionRecord | undefined;
  getExecutionByArn(executionArn: string): ExecutionRecord | undefined;
  getExecutionByName(functionName: string, executionName: string): ExecutionRecord | undefined;
  /** Every execution, in start order. */
  listExecutions(): ExecutionRecord[];
  /** Executions of one function, filtered, ordered and limited as the query says. */
  queryExecutions(query: ExecutionQuery): ExecutionRecord[];

  /** Inserts or replaces an operation; a new one goes after every operation already stored. */
  putOperation(executionId: string, record: OperationRecord): void;
  getOperation(executionId: string, operationId: string): OperationRecord | undefined;
  /** Operations of the execution in the order they were first stored (start order). */
  listOperations(executionId: string): OperationRecord[];

  /** Appends a history event (its `EventId` is already set: count + 1). */
  appendEvent(executionId: string, event: Event): void;
  /** History events in order. */
  listEvents(executionId: string): Event[];
  eventCount(executionId: string): number;

  /** Inserts or replaces the timer of that kind for that operation. */
  putTimer(executionId: string, timer: TimerRecord): void;
  deleteTimer(executionId: string, kind: TimerKind, operationId: string): void;
  deleteTimers(executionId: string): void;
  /** Timers of the execution (any order). */
  listTimers(executionId: string): TimerRecord[];
  /** The earliest timer of any execution. */
  nextTimer(): { executionId: string; dueAt: number } | undefined;

  putCallback(callbackId: string, record: CallbackRecord): void;
  getCallback(callbackId: string): CallbackRecord | undefined;
}
