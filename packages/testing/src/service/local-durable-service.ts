import type {
  Event,
  GetDurableExecutionResponse,
  ExecutionStatus as LambdaExecutionStatus,
  Operation,
} from "@aws-sdk/client-lambda";
import { describeExecution } from "./api/execution.js";
import { completeInvocation, isInvocationDue, startInvocation } from "./invocations.js";
import { LambdaDurableApi } from "./lambda-durable-api.js";
import { startExecution } from "./lifecycle.js";
import type { NextTimer } from "./options.js";
import type { TimerKind } from "./state/records.js";
import { earliestTimer, fireDueTimers } from "./timers.js";
import type {
  CompleteInvocationResult,
  DurableInvocationEnvelope,
  InvocationOutcome,
  StartExecutionRequest,
  StartInvocationOptions,
} from "./types.js";

/**
 * The Lambda durable execution service, in process: it holds executions and their operations
 * (in a {@link DurableStore}), validates every checkpoint the way the service does, issues
 * checkpoint tokens and callback ids, keeps the history, runs timers on a {@link VirtualClock},
 * accepts callbacks, runs chained invokes against registered functions, and starts and lists
 * executions (`Invoke`, `ListDurableExecutionsByFunction`).
 *
 * The methods named after Lambda APIs take and return the same shapes as the matching
 * `@aws-sdk/client-lambda` commands and throw errors shaped like AWS SDK service exceptions.
 * `startExecution`, `startInvocation` and `completeInvocation` are the service's internal side
 * (what Lambda does around each invocation); `LocalDurableRunner` uses them.
 *
 * Timers are not driven by real timeouts: they fire whenever the service is called at or after
 * their due time (see {@link LocalDurableService.fireDueTimers} and
 * {@link LocalDurableService.nextTimer}).
 *
 * @example
 * ```ts
 * const service = new LocalDurableService();
 * const arn = service.startExecution({ functionName: "orders", input: JSON.stringify({ id: 1 }) });
 * const envelope = service.startInvocation(arn);
 * const output = await handler(envelope, context); // any durable engine
 * service.completeInvocation(arn, output);
 * ```
 */
export class LocalDurableService extends LambdaDurableApi {
  // --- service-internal side: executions and invocations ------------------------------------------

  /**
   * Starts a durable execution (what Lambda does when a durable function is invoked); the same
   * name and input again return the existing execution.
   * @returns the execution ARN.
   */
  startExecution(request: StartExecutionRequest): string {
    return this.transaction(() => startExecution(this.runtime, request, undefined).arn);
  }

  /**
   * Starts an invocation of a running execution and returns the event for the function.
   * Only one invocation of an execution runs at a time.
   */
  startInvocation(executionArn: string, options: StartInvocationOptions = {}): DurableInvocationEnvelope {
    return this.withExecution(executionArn, "startInvocation", (exec) =>
      startInvocation(this.runtime, exec, this.initialStatePageSize, options),
    );
  }

  /**
   * Ends the running invocation with what the function returned (or how it failed), as Lambda
   * reports it to the service: SUCCEEDED/FAILED end the execution, PENDING waits for timers,
   * callbacks or invokes (and fails the execution when nothing is pending), and a Lambda error
   * leaves it running for a retry unless `failExecution` is set.
   */
  completeInvocation(executionArn: string, outcome: InvocationOutcome): CompleteInvocationResult {
    return this.withExecution(executionArn, "completeInvocation", (exec) =>
      completeInvocation(this.runtime, exec, outcome),
    );
  }

  /**
   * True when a new invocation of a RUNNING execution is due: something changed from outside
   * that the function has not seen, or a step retry is READY. Operations under a finished
   * context (items left behind by a map or parallel that completed early) never make it due.
   */
  isInvocationDue(executionArn: string): boolean {
    return this.withExecution(executionArn, "isInvocationDue", (exec) => isInvocationDue(this.runtime, exec));
  }

  /** True while an invocation of the execution is running. */
  hasRunningInvocation(executionArn: string): boolean {
    return this.withExecution(executionArn, "hasRunningInvocation", (exec) => exec.invocation !== undefined);
  }

  /** The earliest timer (of these kinds, when given) of the execution, or of every execution when no ARN is given. */
  nextTimer(executionArn?: string, kinds?: readonly TimerKind[]): NextTimer | undefined {
    return this.transaction(() => {
      const runtime = this.runtime;
      const executions =
        executionArn === undefined
          ? runtime.state.allExecutions()
          : [runtime.requireExecution(executionArn, "nextTimer")];
      let next: NextTimer | undefined;
      for (const exec of executions) {
        const timer = earliestTimer(runtime, exec, kinds);
        if (timer !== undefined && (next === undefined || timer.dueAt < next.dueAt)) {
          next = { dueAt: timer.dueAt, kind: timer.kind, executionArn: exec.arn };
        }
      }
      return next;
    });
  }

  /**
   * The earliest due time (epoch ms) of any timer (retry, wait, callback timeout or heartbeat,
   * execution timeout) of the execution, or of every running execution when no ARN is given.
   */
  nextTimerDue(executionArn?: string): number | undefined {
    return this.nextTimer(executionArn)?.dueAt;
  }

  /**
   * Fires every timer that is due on the clock (of one execution, or of all).
   * @returns how many timers fired.
   */
  fireDueTimers(executionArn?: string): number {
    return this.transaction(() => {
      const runtime = this.runtime;
      if (executionArn !== undefined) {
        return fireDueTimers(runtime, runtime.requireExecution(executionArn, "fireDueTimers"));
      }
      let fired = 0;
      for (const exec of runtime.state.allExecutions()) fired += fireDueTimers(runtime, exec);
      return fired;
    });
  }

  /** Resolves when every chained invoke the execution has started so far has finished running. */
  async settleChainedInvokes(executionArn: string): Promise<void> {
    const exec = this.withExecution(executionArn, "settleChainedInvokes", (found) => found);
    const inFlight = this.runtime.activity(exec.id).inFlight;
    while (inFlight.size > 0) {
      await Promise.allSettled([...inFlight]);
    }
  }

  /** True while a chained invoke started by the execution is still running. */
  hasChainedInvokesInFlight(executionArn: string): boolean {
    const exec = this.withExecution(executionArn, "hasChainedInvokesInFlight", (found) => found);
    return this.runtime.activity(exec.id).inFlight.size > 0;
  }

  /** Resolves when the execution is no longer RUNNING. */
  waitForCompletion(executionArn: string): Promise<void> {
    const exec = this.withExecution(executionArn, "waitForCompletion", (found) => found);
    if (exec.status !== "RUNNING") return Promise.resolve();
    return new Promise((resolve) => this.runtime.activity(exec.id).completionWaiters.push(resolve));
  }

  /**
   * Every operation of the execution (including children of completed contexts and the
   * EXECUTION operation), in start order, as copies.
   */
  getOperations(executionArn: string): Operation[] {
    return this.withExecution(executionArn, "getOperations", (exec) => {
      fireDueTimers(this.runtime, exec);
      return this.runtime.state.operations(exec).map((record) => structuredClone(record.op));
    });
  }

  /** The full history of the execution (all events, with data), as copies. */
  getHistory(executionArn: string): Event[] {
    return this.withExecution(executionArn, "getHistory", (exec) => {
      fireDueTimers(this.runtime, exec);
      return this.runtime.state.events(exec).map((event) => structuredClone(event));
    });
  }

  /**
   * What `GetDurableExecution` would return, without recording a request or applying faults
   * (for runners and assertions).
   */
  describeExecution(executionArn: string): GetDurableExecutionResponse {
    return this.withExecution(executionArn, "describeExecution", (exec) => {
      fireDueTimers(this.runtime, exec);
      return describeExecution(exec, true);
    });
  }

  /** Current status of the execution. */
  executionStatus(executionArn: string): LambdaExecutionStatus {
    return this.withExecution(executionArn, "executionStatus", (exec) => {
      fireDueTimers(this.runtime, exec);
      return exec.status;
    });
  }

  /** ARNs of every execution the service holds, in start order. */
  listExecutionArns(): string[] {
    return this.transaction(() => this.runtime.state.allExecutions().map((exec) => exec.arn));
  }
}
