import { AbandonedOperationError } from "../errors/abandoned-operation-error.js";
import { RESPONSE_RELEASE_TURNS } from "../operations/settle-turns.js";
import type { ExecutionState } from "../state/execution-state.js";
import type { DurableExecutionClient } from "../types/core.js";
import type { Operation, OperationUpdate } from "../types/wire.js";
import { checkpointFailure } from "./checkpoint-failure.js";
import { CheckpointLimits } from "./limits.js";

interface QueuedUpdate {
  readonly update: OperationUpdate;
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface CheckpointQueueOptions {
  readonly client: DurableExecutionClient;
  readonly durableExecutionArn: string;
  readonly checkpointToken: string;
  readonly state: ExecutionState;
  /** Called once when a request fails: the invocation must end (retry or FAILED). */
  readonly onFailure: (error: Error) => void;
  /** Called whenever the queue becomes idle (nothing queued, nothing in flight). */
  readonly onIdle: () => void;
  /**
   * Called with the records whose status a response changed, after they were applied and before
   * the updates' callers are released (plugins' `onOperationChange`). Unset: nothing is collected.
   */
  readonly onStatusChanges?: ((changed: Operation[]) => Promise<unknown>) | undefined;
  /**
   * Steps of this execution queue their result and continue without waiting for it to be written
   * (deferred checkpoints); a step may override it. At-most-once steps never defer.
   */
  readonly deferredCheckpoints?: boolean | undefined;
}

/**
 * How long an update nobody awaits (a step's START, a child context's end, a deferred step result)
 * waits for a request to ride with before it goes out on its own. A START sent alone while its step
 * runs would make the step's SUCCEED wait for that request's answer: one more round trip per step.
 */
export const UNAWAITED_LINGER_MS = 50 as const;

function ignore(): void {}

/**
 * One FIFO queue of checkpoint updates per invocation:
 * - an update someone awaits ({@link enqueue}) goes out on the next `setImmediate`, with every update
 *   queued before it and every one queued in the same macrotask;
 * - an update nobody awaits ({@link enqueueUnawaited}) rides with the next request, or goes out after
 *   {@link UNAWAITED_LINGER_MS}, or when the queue is drained: order is kept either way, so whatever
 *   is durable is always a prefix of what was queued;
 * - a request carries at most {@link CheckpointLimits.MAX_UPDATES_PER_REQUEST} updates and about
 *   {@link CheckpointLimits.MAX_REQUEST_BYTES}; requests are sent one at a time (each needs the
 *   token the previous one returned);
 * - each response's token replaces the current one, and its `NewExecutionState` is applied to the
 *   state before the callers waiting on the request are released.
 */
export class CheckpointQueue {
  readonly #options: CheckpointQueueOptions;
  #token: string;
  #queue: QueuedUpdate[] = [];
  #head = 0;
  #pollWaiters: QueuedUpdate[] = [];
  #scheduled = false;
  #inFlight = false;
  /** Queue index up to which updates must go out now: past the last awaited update, or all on drain. */
  #urgentUntil = 0;
  #lingerTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #closeReason: unknown;
  #failure: Error | undefined;
  #idleWaiters: (() => void)[] = [];
  /** Parent of every child context started in this invocation, for the abandoned-write check. */
  #contextParents: Map<string, string | undefined> | undefined;
  /** Contexts that completed: later updates of their descendants are dropped. */
  #completedContexts: Set<string> | undefined;
  /** Requests sent and updates carried, for diagnostics and benchmarks. */
  requestCount = 0;

  constructor(options: CheckpointQueueOptions) {
    this.#options = options;
    this.#token = options.checkpointToken;
  }

  /** The token the next request will carry. */
  get checkpointToken(): string {
    return this.#token;
  }

  /** Nothing queued, nothing scheduled, nothing in flight. */
  get idle(): boolean {
    return !this.#scheduled && !this.#inFlight && this.#lingerTimer === undefined;
  }

  /** Whether a step's result is queued without waiting for it by default (deferred checkpoints). */
  get defersStepResults(): boolean {
    return this.#options.deferredCheckpoints === true;
  }

  /**
   * Queues an update. The promise resolves once the request carrying it has been acknowledged and
   * its response applied; callers that need not wait simply don't await it (fire-and-forget).
   */
  enqueue(update: OperationUpdate): Promise<void> {
    const written = this.#push(update);
    if (written !== undefined) {
      this.#urgentUntil = this.#queue.length;
      this.#schedule();
    }
    return written ?? this.#refused(update);
  }

  /**
   * Queues an update nobody waits for (an at-least-once step's START, a child context's end, a
   * deferred step result). It goes out with the next request, after {@link UNAWAITED_LINGER_MS} at
   * the latest, or on {@link drain}. The promise settles like {@link enqueue}'s and never rejects
   * unhandled.
   */
  enqueueUnawaited(update: OperationUpdate): Promise<void> {
    const written = this.#push(update);
    if (written === undefined) return this.#refused(update);
    if (this.#queue.length - this.#head >= CheckpointLimits.MAX_UPDATES_PER_REQUEST) {
      this.#urgentUntil = this.#queue.length; // a full request is ready: send it
      this.#schedule();
    } else {
      this.#linger();
    }
    return written;
  }

  /** Sends updates that are only lingering now instead of later (nothing else will send them). */
  flushLingering(): void {
    if (this.#lingerTimer === undefined) return;
    this.#urgentUntil = this.#queue.length;
    this.#schedule();
  }

  #push(update: OperationUpdate): Promise<void> | undefined {
    if (this.#closed) return undefined;
    if (this.#completedContexts !== undefined && this.#isAbandoned(update.ParentId)) return undefined;
    const written = new Promise<void>((resolve, reject) => {
      const bytes = Buffer.byteLength(JSON.stringify(update));
      this.#queue.push({ update, bytes, resolve, reject });
    });
    // Fire-and-forget callers never await: their rejection must not become an unhandled one.
    written.catch(ignore);
    return written;
  }

  #refused(update: OperationUpdate): Promise<void> {
    if (this.#closed) return this.#rejected();
    const dropped = Promise.reject(new AbandonedOperationError(update.Id ?? ""));
    dropped.catch(ignore);
    return dropped;
  }

  /**
   * Sends a request even when no update is queued (`Updates: []`): how the engine reads external
   * changes (a wait that came due, a completed callback) without writing anything.
   */
  poll(): Promise<void> {
    if (this.#closed) return this.#rejected();
    const polled = new Promise<void>((resolve, reject) => {
      this.#pollWaiters.push({ update: undefined as never, bytes: 0, resolve, reject });
    });
    polled.catch(ignore);
    this.#schedule();
    return polled;
  }

  /** Records that child context `id` runs inside context `parentId` (undefined at the root). */
  registerContext(id: string, parentId: string | undefined): void {
    this.#contextParents ??= new Map();
    this.#contextParents.set(id, parentId);
  }

  /**
   * Marks context `id` as completed: from now on, updates of operations inside it (at any depth)
   * are dropped and their callers get an {@link AbandonedOperationError}. This is how a map or
   * parallel that completes early stops the items still running from writing.
   */
  completeContext(id: string): void {
    this.#completedContexts ??= new Set();
    this.#completedContexts.add(id);
  }

  #isAbandoned(parentId: string | undefined): boolean {
    const completed = this.#completedContexts as Set<string>;
    for (let current = parentId; current !== undefined; current = this.#contextParents?.get(current)) {
      if (completed.has(current)) return true;
    }
    return false;
  }

  /** Resolves once everything queued so far has been written. Rejects if a request failed. */
  async drain(): Promise<void> {
    this.flushLingering();
    if (!this.idle) {
      while (!this.idle) {
        await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
      }
      // A turn after the queue went idle, as the official SDK's wait for its queue (see settle-turns.ts).
      await undefined;
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** The error a failed request left behind, if any. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Refuses further updates; later `enqueue` calls reject with `reason`. */
  close(reason: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeReason = reason;
  }

  #rejected(): Promise<void> {
    const promise = Promise.reject(this.#closeReason);
    promise.catch(ignore);
    return promise;
  }

  #schedule(): void {
    this.#cancelLinger();
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  #linger(): void {
    if (this.#scheduled || this.#inFlight || this.#lingerTimer !== undefined) return;
    this.#lingerTimer = setTimeout(() => {
      this.#lingerTimer = undefined;
      this.#urgentUntil = this.#queue.length;
      this.#schedule();
    }, UNAWAITED_LINGER_MS);
  }

  #cancelLinger(): void {
    if (this.#lingerTimer === undefined) return;
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
  }

  /** Something must go out now: an awaited update (or drain) is queued, a poll waits, or a request is full. */
  #hasUrgentWork(): boolean {
    return (
      this.#head < this.#urgentUntil ||
      this.#pollWaiters.length > 0 ||
      this.#queue.length - this.#head >= CheckpointLimits.MAX_UPDATES_PER_REQUEST
    );
  }

  #takeBatch(): QueuedUpdate[] {
    const batch: QueuedUpdate[] = [];
    let bytes = Buffer.byteLength(this.#token) + CheckpointLimits.REQUEST_OVERHEAD_BYTES;
    while (this.#head < this.#queue.length && batch.length < CheckpointLimits.MAX_UPDATES_PER_REQUEST) {
      const next = this.#queue[this.#head] as QueuedUpdate;
      // An update larger than the limit on its own still goes out, alone.
      if (batch.length > 0 && bytes + next.bytes > CheckpointLimits.MAX_REQUEST_BYTES) break;
      batch.push(next);
      bytes += next.bytes;
      this.#head++;
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
      this.#urgentUntil = 0;
    }
    return batch;
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    this.#inFlight = true;
    try {
      while (this.#hasUrgentWork()) {
        const batch = this.#takeBatch();
        const waiters = this.#pollWaiters;
        this.#pollWaiters = [];
        const options = this.#options;
        let response: Awaited<ReturnType<DurableExecutionClient["checkpoint"]>>;
        try {
          this.requestCount++;
          response = await options.client.checkpoint({
            DurableExecutionArn: options.durableExecutionArn,
            CheckpointToken: this.#token,
            Updates: batch.map((item) => item.update),
          });
        } catch (error) {
          this.#fail(await checkpointFailure(error, "checkpoint"), batch, waiters);
          return;
        }
        if (response?.CheckpointToken) this.#token = response.CheckpointToken;
        const observe = options.onStatusChanges;
        if (observe === undefined) {
          options.state.apply(response?.NewExecutionState?.Operations);
        } else {
          const changed: Operation[] = [];
          options.state.apply(response?.NewExecutionState?.Operations, changed);
          if (changed.length > 0) {
            try {
              await observe(changed);
            } catch {
              // Observers must not break checkpointing.
            }
          }
        }
        // Operations waiting on a status change resumed as the state was applied; the updates'
        // callers resume a fixed number of turns later, as in the official SDK (see settle-turns.ts).
        for (let turn = 0; turn < RESPONSE_RELEASE_TURNS; turn++) await undefined;
        for (const item of batch) item.resolve();
        for (const item of waiters) item.resolve();
      }
    } finally {
      this.#inFlight = false;
      if (this.#failure === undefined) {
        if (this.#hasUrgentWork()) this.#schedule();
        else if (this.#head < this.#queue.length) this.#linger();
      }
      if (this.idle) this.#notifyIdle();
    }
  }

  #fail(error: Error, batch: QueuedUpdate[], waiters: QueuedUpdate[]): void {
    this.#failure = error;
    this.#closed = true;
    this.#closeReason = error;
    const pending = [...batch, ...waiters, ...this.#queue.slice(this.#head), ...this.#pollWaiters];
    this.#queue = [];
    this.#head = 0;
    this.#urgentUntil = 0;
    this.#pollWaiters = [];
    this.#cancelLinger();
    for (const item of pending) item.reject(error);
    this.#options.onFailure(error);
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
    this.#options.onIdle();
  }
}
