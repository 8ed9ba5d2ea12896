import type { Operation } from "@aws-sdk/client-lambda";
import { LocalRunnerError } from "../errors/service-errors.js";
import { OperationStatus, OperationType } from "../service/constants.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import { OperationHandle } from "./operation-handle.js";

/**
 * Statuses {@link LocalDurableRunner.waitForOperation} accepts besides the operation statuses.
 *
 * @example
 * ```ts
 * const approval = await runner.waitForOperation("approval", { status: WaitingStatus.SUBMITTED });
 * ```
 */
export const WaitingStatus = {
  /** Any end: SUCCEEDED, FAILED, CANCELLED, STOPPED or TIMED_OUT. */
  COMPLETED: "COMPLETED",
  /**
   * For a `waitForCallback`: its submitter has finished, so the callback id is out and the test
   * can answer. For anything else the same as COMPLETED.
   */
  SUBMITTED: "SUBMITTED",
} as const;

const ENDED: ReadonlySet<string> = new Set([
  OperationStatus.SUCCEEDED,
  OperationStatus.FAILED,
  OperationStatus.CANCELLED,
  OperationStatus.STOPPED,
  OperationStatus.TIMED_OUT,
]);

interface OperationWaiter {
  name: string;
  index: number;
  status: string | undefined;
  resolve(handle: OperationHandle): void;
  reject(error: Error): void;
}

/** True when `operation` (among `all`) has reached the status a waiter asks for. */
export function hasReached(
  operation: Operation,
  all: readonly Operation[],
  status: string | undefined,
): boolean {
  if (status === undefined) return true;
  const current = operation.Status ?? "";
  if (status === WaitingStatus.COMPLETED) return ENDED.has(current);
  if (status === WaitingStatus.SUBMITTED) {
    if (ENDED.has(current)) return true;
    if (operation.Type !== OperationType.CONTEXT) return false;
    const submitter = all.find(
      (child) => child.ParentId === operation.Id && child.Type === OperationType.STEP,
    );
    return submitter !== undefined && ENDED.has(submitter.Status ?? "");
  }
  return current === status;
}

/**
 * The pending `waitForOperation` calls of a runner: each resolves with a handle once an
 * operation of that name (and index, and status) exists in one of the runner's executions.
 */
export class OperationWaiters {
  readonly #service: LocalDurableService;
  readonly #executions: string[];
  readonly #waiters = new Set<OperationWaiter>();
  #stopWatching: (() => void) | undefined;

  /** @param executions the runner's executions (read live: the runner appends to it) */
  constructor(service: LocalDurableService, executions: string[]) {
    this.#service = service;
    this.#executions = executions;
  }

  /** Resolves with a handle once the operation is there (checked now, then after every change). */
  wait(name: string, index: number, status: string | undefined): Promise<OperationHandle> {
    return new Promise((resolve, reject) => {
      const waiter: OperationWaiter = { name, index, status, resolve, reject };
      this.#waiters.add(waiter);
      for (const arn of [...this.#executions].reverse()) {
        if (this.#try(waiter, arn)) return;
      }
      this.#stopWatching ??= this.#service.onChange((change) => {
        if (change.kind === "operation") this.check(change.executionArn);
      });
    });
  }

  /** Re-checks every waiter against one execution of the runner. */
  check(executionArn: string): void {
    if (this.#waiters.size === 0 || !this.#executions.includes(executionArn)) return;
    for (const waiter of [...this.#waiters]) this.#try(waiter, executionArn);
  }

  /** Rejects every open waiter: the run they waited in has ended. */
  rejectAll(executionArn: string): void {
    const status = this.#service.executionStatus(executionArn);
    for (const waiter of [...this.#waiters]) {
      this.#forget(waiter);
      waiter.reject(
        new LocalRunnerError(
          `waitForOperation(${JSON.stringify(waiter.name)}): no operation of that name` +
            `${waiter.status === undefined ? "" : ` reached status ${waiter.status}`} before the run ended ` +
            `(execution ${executionArn} is ${status}).`,
        ),
      );
    }
  }

  /** Rejects every open waiter with `reason` (the runner was reset). */
  cancelAll(reason: string): void {
    for (const waiter of [...this.#waiters]) {
      this.#forget(waiter);
      waiter.reject(new LocalRunnerError(`waitForOperation(${JSON.stringify(waiter.name)}): ${reason}`));
    }
  }

  #try(waiter: OperationWaiter, executionArn: string): boolean {
    const all = this.#service.getOperations(executionArn);
    const operation = all.filter((candidate) => candidate.Name === waiter.name)[waiter.index];
    if (operation === undefined || !hasReached(operation, all, waiter.status)) return false;
    this.#forget(waiter);
    waiter.resolve(new OperationHandle(this.#service, executionArn, operation.Id as string));
    return true;
  }

  #forget(waiter: OperationWaiter): void {
    this.#waiters.delete(waiter);
    if (this.#waiters.size === 0) {
      this.#stopWatching?.();
      this.#stopWatching = undefined;
    }
  }
}
