import { InvocationSuspendedError } from "../errors/suspension.js";
import type { ExecutionState } from "../state/execution-state.js";
import type { Operation } from "../types/wire.js";

/** How an invocation ends when the engine, not the handler, decides it. */
export type Termination =
  /** Nothing can progress here; the service re-invokes later. Output: PENDING. */
  | { readonly kind: "suspend"; readonly reason: string }
  /** The execution cannot continue. Output: FAILED with `error`. */
  | { readonly kind: "fail"; readonly error: unknown }
  /** This invocation cannot continue but a new one can. `error` is thrown so Lambda retries. */
  | { readonly kind: "retry"; readonly error: unknown };

/** Knows whether the handler is awaiting an operation (the `DurablePromise` executor ran). */
export class AwaitTracker {
  #awaited = false;
  #onAwaited: (() => void) | undefined;

  get awaited(): boolean {
    return this.#awaited;
  }

  markAwaited(): void {
    if (this.#awaited) return;
    this.#awaited = true;
    const callback = this.#onAwaited;
    this.#onAwaited = undefined;
    callback?.();
  }

  /** Calls `callback` when the operation becomes awaited (once). */
  onAwaited(callback: (() => void) | undefined): void {
    this.#onAwaited = callback;
  }
}

interface Blocker {
  readonly id: string;
  readonly tracker: AwaitTracker;
  readonly isSatisfied: (operation: Operation) => boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly unwatch: () => void;
  counted: boolean;
  dueAt: number | undefined;
  polls: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Timing rules of in-process waiting: while other work runs, a wait or retry that comes due is
 * watched by polling with empty checkpoints, at growing intervals, as the official SDK does.
 */
const InProcessWaiting = {
  /** Don't wait in process when less than this would remain of the invocation afterwards. */
  MIN_REMAINING_MS: 1000,
  /** Poll interval growth per unsuccessful poll, and its ceiling. */
  POLL_STEP_MS: 1000,
  POLL_CEILING_MS: 10_000,
  /** `setTimeout` cannot wait longer than this. */
  MAX_TIMER_MS: 2 ** 31 - 1,
} as const;

interface SuspensionMonitorOptions {
  readonly state: ExecutionState;
  readonly isQueueIdle: () => boolean;
  readonly poll: () => Promise<void>;
  readonly remainingTimeMs: () => number;
  readonly onTerminate: (termination: Termination) => void;
}

function ignore(): void {}

/**
 * Decides when an invocation ends by itself: it suspends (PENDING) once nothing can progress here.
 *
 * Work that runs (a step function, a checkpoint in flight) keeps the invocation alive. Operations
 * that can only be completed from outside (a wait, a scheduled retry, a callback) block. When
 * nothing runs, the queue is idle and the handler awaits a blocked operation, the invocation
 * suspends: every blocked operation rejects with an {@link InvocationSuspendedError}, so the
 * handler's promise settles and middleware cleanups run. While other work runs, a blocked
 * operation that comes due before the Lambda deadline is watched in process by polling.
 */
export class SuspensionMonitor {
  readonly #options: SuspensionMonitorOptions;
  readonly #blockers = new Set<Blocker>();
  #working = 0;
  #awaitedBlocked = 0;
  #checkScheduled = false;
  #settled = false;
  #termination: Termination | undefined;

  constructor(options: SuspensionMonitorOptions) {
    this.#options = options;
  }

  /** The termination decided so far, if any. */
  get termination(): Termination | undefined {
    return this.#termination;
  }

  /** Marks the start of work that keeps the invocation alive (user code of a step, serdes, …). */
  beginWork(): void {
    this.#working++;
  }

  /** Marks the end of work started with {@link beginWork}. */
  endWork(): void {
    this.#working--;
    if (this.#working === 0) this.scheduleCheck();
  }

  /** The handler has settled: its outcome decides the invocation from now on. */
  markSettled(): void {
    this.#settled = true;
    this.#clearTimers();
  }

  /**
   * Waits until operation `id` satisfies `isSatisfied`, which only a checkpoint response can tell.
   * Must be called from inside work ({@link beginWork}): the work pauses while blocked and resumes
   * when the operation is satisfied. Rejects with the termination's error if the invocation ends
   * first.
   *
   * @param dueInMs when the operation is expected to be satisfied, if known (a wait's end, a
   *   retry's next attempt), for in-process waiting.
   */
  block(
    id: string,
    tracker: AwaitTracker,
    isSatisfied: (operation: Operation) => boolean,
    dueInMs?: number,
  ): Promise<void> {
    if (this.#termination !== undefined) return this.#terminatedPromise();
    const current = this.#options.state.get(id);
    if (current !== undefined && isSatisfied(current)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const blocker: Blocker = {
        id,
        tracker,
        isSatisfied,
        resolve,
        reject,
        counted: false,
        dueAt: dueInMs === undefined ? undefined : Date.now() + dueInMs,
        polls: 0,
        timer: undefined,
        unwatch: this.#options.state.watch(id, (operation) => {
          if (blocker.isSatisfied(operation)) this.#release(blocker);
        }),
      };
      this.#blockers.add(blocker);
      if (tracker.awaited) this.#count(blocker);
      else tracker.onAwaited(() => this.#count(blocker));
      this.#armTimer(blocker, blocker.dueAt);
      this.#working--;
      this.scheduleCheck();
    });
  }

  /** Ends the invocation: the first decision wins; later ones are ignored. */
  terminate(termination: Termination): void {
    if (this.#termination !== undefined) return;
    this.#termination = termination;
    this.#clearTimers();
    const error =
      termination.kind === "suspend" ? new InvocationSuspendedError(termination.reason) : termination.error;
    for (const blocker of this.#blockers) {
      blocker.unwatch();
      blocker.tracker.onAwaited(undefined);
      // The blocked work resumes (to fail), so it is counted again, as in #release.
      this.#working++;
      blocker.reject(error);
    }
    this.#blockers.clear();
    this.#options.onTerminate(termination);
  }

  /** The error operations started after termination reject with. */
  terminationError(): unknown {
    const termination = this.#termination;
    if (termination === undefined) return undefined;
    return termination.kind === "suspend"
      ? new InvocationSuspendedError(termination.reason)
      : termination.error;
  }

  /** Re-evaluates, after pending microtasks and queued I/O callbacks, whether to suspend. */
  scheduleCheck(): void {
    if (this.#checkScheduled || this.#termination !== undefined || this.#settled) return;
    if (!this.#canSuspend()) return;
    this.#checkScheduled = true;
    // Two turns of the event loop: the first lets promise chains woken by a checkpoint response
    // start their next operation; the second lets a flush scheduled in the first one begin.
    setImmediate(() => {
      setImmediate(() => {
        this.#checkScheduled = false;
        if (this.#termination === undefined && !this.#settled && this.#canSuspend()) {
          this.terminate({ kind: "suspend", reason: this.#suspensionReason() });
        }
      });
    });
  }

  #canSuspend(): boolean {
    return this.#working <= 0 && this.#awaitedBlocked > 0 && this.#options.isQueueIdle();
  }

  #suspensionReason(): string {
    let waits = 0;
    for (const blocker of this.#blockers) if (blocker.counted) waits++;
    return `${waits} awaited operation${waits === 1 ? " is" : "s are"} waiting for the service (a wait, a retry delay or a callback) and nothing else can run`;
  }

  #terminatedPromise(): Promise<void> {
    const promise = Promise.reject(this.terminationError());
    promise.catch(ignore);
    return promise;
  }

  #count(blocker: Blocker): void {
    if (blocker.counted || !this.#blockers.has(blocker)) return;
    blocker.counted = true;
    this.#awaitedBlocked++;
    this.scheduleCheck();
  }

  #release(blocker: Blocker): void {
    if (!this.#blockers.delete(blocker)) return;
    blocker.unwatch();
    blocker.tracker.onAwaited(undefined);
    if (blocker.timer !== undefined) clearTimeout(blocker.timer);
    if (blocker.counted) this.#awaitedBlocked--;
    // The blocked work resumes now, synchronously, so no suspension check can slip in between.
    this.#working++;
    blocker.resolve();
  }

  #armTimer(blocker: Blocker, dueAt: number | undefined): void {
    if (dueAt === undefined || this.#settled) return;
    const delay = Math.max(0, dueAt - Date.now());
    const remaining = this.#options.remainingTimeMs();
    if (delay > InProcessWaiting.MAX_TIMER_MS || delay > remaining - InProcessWaiting.MIN_REMAINING_MS)
      return;
    blocker.timer = setTimeout(() => {
      blocker.timer = undefined;
      if (this.#termination !== undefined || !this.#blockers.has(blocker)) return;
      blocker.polls++;
      this.#options.poll().then(() => {
        if (!this.#blockers.has(blocker) || this.#termination !== undefined) return;
        const current = this.#options.state.get(blocker.id);
        if (current !== undefined && blocker.isSatisfied(current)) {
          this.#release(blocker);
          return;
        }
        const backoff = Math.min(
          blocker.polls * InProcessWaiting.POLL_STEP_MS,
          InProcessWaiting.POLL_CEILING_MS,
        );
        this.#armTimer(blocker, Date.now() + backoff);
      }, ignore);
    }, delay);
  }

  #clearTimers(): void {
    for (const blocker of this.#blockers) {
      if (blocker.timer !== undefined) clearTimeout(blocker.timer);
      blocker.timer = undefined;
    }
  }
}
