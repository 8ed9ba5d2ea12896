import type { Operation } from "@aws-sdk/client-lambda";
import type { VirtualClock } from "../clock/virtual-clock.js";
import { LocalRunnerError } from "../errors/service-errors.js";
import type { ArnScope } from "./arns.js";
import type { ExecutionRecord, OperationRecord } from "./state/records.js";
import type { UnitOfWork } from "./state/unit-of-work.js";
import { isUnderFinishedContext } from "./state/visibility.js";
import type { ChainedInvokeTarget, ServiceChange } from "./types.js";

/** What lives only in this process for an execution: work in flight and who awaits the end. */
interface ExecutionActivity {
  inFlight: Set<Promise<void>>;
  completionWaiters: Array<() => void>;
}

/**
 * What every part of the service shares: the state (through a {@link UnitOfWork}), the clock,
 * the ARN scope, registered functions, change listeners and in-process activity.
 */
export class ServiceRuntime {
  readonly state: UnitOfWork;
  readonly clock: VirtualClock;
  readonly scope: ArnScope;
  readonly functions = new Map<string, ChainedInvokeTarget>();
  readonly changeListeners = new Set<(change: ServiceChange) => void>();
  readonly #activity = new Map<string, ExecutionActivity>();

  constructor(state: UnitOfWork, clock: VirtualClock, scope: ArnScope) {
    this.state = state;
    this.clock = clock;
    this.scope = scope;
  }

  /** In-process activity of an execution (created on first use). */
  activity(executionId: string): ExecutionActivity {
    let activity = this.#activity.get(executionId);
    if (activity === undefined) {
      activity = { inFlight: new Set(), completionWaiters: [] };
      this.#activity.set(executionId, activity);
    }
    return activity;
  }

  /** For the runner-side methods, which answer an unknown ARN with a LocalRunnerError. */
  requireExecution(executionArn: string, method: string): ExecutionRecord {
    const exec = this.state.executionByArn(executionArn);
    if (exec === undefined) {
      throw new LocalRunnerError(
        `${method}: no durable execution ${executionArn} exists in this local service.`,
      );
    }
    return exec;
  }

  /**
   * Records that an operation changed: saved at commit, reported in the invocation's next
   * checkpoint response, and (for a change from outside the function) in the next invocation's
   * `UpdatedOperationIds`, unless it sits under a finished context the function never visits again.
   */
  changed(exec: ExecutionRecord, record: OperationRecord, external: boolean): void {
    const id = record.op.Id as string;
    this.state.saveOperation(exec, record);
    const dirty = exec.invocation?.dirty;
    if (dirty !== undefined && !dirty.includes(id)) dirty.push(id);
    if (external && !exec.undelivered.includes(id) && !isUnderFinishedContext(this.state, exec, record)) {
      exec.undelivered.push(id);
    }
    if (this.changeListeners.size > 0) {
      const operation: Operation = structuredClone(record.op);
      this.#emit({ kind: "operation", executionArn: exec.arn, operation, external });
    }
  }

  /** Tells listeners an execution ended. */
  executionEnded(exec: ExecutionRecord): void {
    this.#emit({ kind: "execution", executionArn: exec.arn, status: exec.status });
    const activity = this.activity(exec.id);
    const waiters = activity.completionWaiters.splice(0);
    this.state.afterCommit(() => {
      for (const resolve of waiters) resolve();
    });
  }

  #emit(change: ServiceChange): void {
    if (this.changeListeners.size === 0) return;
    this.state.afterCommit(() => {
      for (const listener of [...this.changeListeners]) listener(change);
    });
  }
}
