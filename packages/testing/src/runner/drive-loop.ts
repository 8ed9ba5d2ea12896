import { randomUUID } from "node:crypto";
import { LocalRunnerError } from "../errors/service-errors.js";
import { ExecutionStatus } from "../service/constants.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import { GUARDED_TIMER_KINDS, SKIPPABLE_TIMER_KINDS } from "../service/timers.js";
import type { LambdaInvoker } from "./lambda-invoker.js";
import type { LocalDurableHandler, ResolvedRunnerOptions } from "./options.js";
import type { DurableInvocationOutput, InvocationRecord } from "./run-result.js";

/** Resolves after pending I/O callbacks and microtasks: lets test code react before time is skipped. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How a wait for activity ended. */
type Wake = "activity" | "idle";

/**
 * Drives an execution the way Lambda does: invoke, report the outcome, and invoke again when
 * something is due, until the execution ends or nothing can happen without the test.
 *
 * Time skipping: when only timers are left, the clock jumps to the next one if it is a wait or
 * a retry. A callback, heartbeat or execution timeout ends something the test may be about to
 * do (answer the callback), so the runner first waits `callbackGraceMs` of real time with nothing
 * happening on the service, and only then jumps to it. The clock is shared: a jump to a wait
 * that would pass another execution's callback timeout waits for the same quiet period.
 */
export class DriveLoop {
  readonly #service: LocalDurableService;
  readonly #invoker: LambdaInvoker;
  readonly #options: ResolvedRunnerOptions;
  /** Invocations per execution, as the runner saw them. */
  readonly invocations = new Map<string, InvocationRecord[]>();

  constructor(service: LocalDurableService, invoker: LambdaInvoker, options: ResolvedRunnerOptions) {
    this.#service = service;
    this.#invoker = invoker;
    this.#options = options;
  }

  /** Forgets every recorded invocation. */
  reset(): void {
    this.invocations.clear();
  }

  /** Invokes until the execution ends, or idles with nothing the runner can do. */
  async drive(executionArn: string, handler: LocalDurableHandler, functionName: string): Promise<void> {
    const service = this.#service;
    const records = this.invocations.get(executionArn) ?? [];
    this.invocations.set(executionArn, records);
    let consecutiveFailures = 0;
    let invokeNow = !service.hasRunningInvocation(executionArn) && records.length === 0;
    while (service.executionStatus(executionArn) === ExecutionStatus.RUNNING) {
      if (!invokeNow) {
        // Let the test (and chained invokes) act before deciding that only timers are left.
        await yieldToEventLoop();
        await service.settleChainedInvokes(executionArn);
        if (service.executionStatus(executionArn) !== ExecutionStatus.RUNNING) break;
        if (!service.isInvocationDue(executionArn)) {
          const next = service.nextTimer(executionArn);
          if (this.#options.skipTime && next !== undefined && !service.hasRunningInvocation(executionArn)) {
            const guard = service.nextTimer(undefined, GUARDED_TIMER_KINDS);
            const passesGuard = guard !== undefined && guard.dueAt <= next.dueAt;
            if (SKIPPABLE_TIMER_KINDS.has(next.kind) && !passesGuard) {
              service.clock.advanceTo(next.dueAt);
              continue;
            }
            const grace = Math.min(this.#options.callbackGraceMs, this.#options.idleTimeoutMs);
            const wake = await this.#waitForActivity(undefined, undefined, grace);
            if (wake === "activity") continue;
            if (this.#options.callbackGraceMs > this.#options.idleTimeoutMs) return;
            service.clock.advanceTo(next.dueAt);
            continue;
          }
          const wake = await this.#waitForActivity(
            executionArn,
            this.#options.skipTime ? undefined : next?.dueAt,
            this.#options.idleTimeoutMs,
          );
          if (wake === "idle") return;
          continue;
        }
      }
      invokeNow = false;
      if (records.length >= this.#options.maxInvocations) {
        throw new LocalRunnerError(
          `Durable execution ${executionArn} was invoked ${records.length} times without finishing ` +
            `(maxInvocations). The handler may return PENDING without making progress; raise maxInvocations if the workflow is that long.`,
        );
      }
      const failed = await this.#invokeOnce(
        executionArn,
        handler,
        functionName,
        records,
        consecutiveFailures,
      );
      if (failed) {
        consecutiveFailures += 1;
        invokeNow = true; // Lambda retries a failed invocation right away
      } else {
        consecutiveFailures = 0;
      }
    }
  }

  /**
   * Waits for a change from outside the function (of the execution, or of any execution when no
   * ARN is given), a clock move or (without time skipping) the next timer in real time; "idle"
   * after `idleMs` of nothing.
   */
  #waitForActivity(
    executionArn: string | undefined,
    realTimeDueAt: number | undefined,
    idleMs: number,
  ): Promise<Wake> {
    const service = this.#service;
    return new Promise((resolve) => {
      const cleanups: Array<() => void> = [];
      const finish = (wake: Wake) => {
        for (const cleanup of cleanups) cleanup();
        resolve(wake);
      };
      cleanups.push(
        service.onChange((change) => {
          if (executionArn !== undefined && change.executionArn !== executionArn) return;
          if (change.kind === "execution" || change.external) finish("activity");
        }),
      );
      cleanups.push(service.clock.onAdvance(() => finish("activity")));
      if (realTimeDueAt !== undefined) {
        const timer = setTimeout(() => finish("activity"), Math.max(0, realTimeDueAt - service.clock.now()));
        cleanups.push(() => clearTimeout(timer));
      }
      const idle = setTimeout(() => finish("idle"), idleMs);
      cleanups.push(() => clearTimeout(idle));
    });
  }

  /** One invocation. @returns true when it ended with a Lambda error. */
  async #invokeOnce(
    executionArn: string,
    handler: LocalDurableHandler,
    functionName: string,
    records: InvocationRecord[],
    consecutiveFailures: number,
  ): Promise<boolean> {
    const service = this.#service;
    const requestId = randomUUID();
    const envelope = service.startInvocation(executionArn, { requestId });
    const startTimestamp = service.clock.date();
    let outcome = await this.#invoker.invokeDurable(handler, envelope, requestId, functionName);
    if ("lambdaError" in outcome && consecutiveFailures >= this.#options.maxInvocationRetries) {
      outcome = { ...outcome, failExecution: true };
    }
    service.completeInvocation(executionArn, outcome);
    const record: InvocationRecord = {
      requestId,
      startTimestamp,
      endTimestamp: service.clock.date(),
      updatedOperationIds: [...envelope.UpdatedOperationIds],
    };
    if ("lambdaError" in outcome) record.error = outcome.lambdaError;
    else record.output = outcome as DurableInvocationOutput;
    records.push(record);
    return "lambdaError" in outcome;
  }
}
