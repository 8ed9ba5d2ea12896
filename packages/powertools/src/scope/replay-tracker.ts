import type { OperationInfo } from "@durable-lambda/core";

/** The key of the root context: its operations carry no `parentId`. */
export const ROOT_CONTEXT_KEY = "" as const;

const EXECUTION_OPERATION_TYPE = "EXECUTION";

const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "STOPPED",
  "CANCELLED",
]);

/** Whether `operation` had finished (succeeded, failed, timed out, stopped or cancelled). */
export function isFinished(operation: OperationInfo): boolean {
  return operation.status !== undefined && TERMINAL_STATUSES.has(operation.status);
}

/** Operation types whose end the engine reports again when the handler reaches them finished. */
const REPORTED_WHEN_FINISHED: ReadonlySet<string> = new Set(["WAIT", "CALLBACK", "CHAINED_INVOKE"]);

/**
 * Whether the engine reports `operation` through a hook when the handler reaches it again: an
 * unfinished operation resumes (start, attempt or child-context hooks), and a finished wait,
 * callback or invoke reports its end. Finished steps and child contexts replay silently.
 */
function reportsWhenReached(operation: OperationInfo): boolean {
  return !isFinished(operation) || REPORTED_WHEN_FINISHED.has(operation.type);
}

/**
 * Replay state of the contexts of one invocation, rebuilt from the plugin hooks (so it works with
 * any front end): code of a context replays while the handler has not yet reached the
 * operations that context created in earlier invocations. A context stops replaying when every
 * such operation that reports itself when reached has reported, or when the context starts a new
 * operation (ids follow call order, so every older operation of that context was reached first).
 *
 * A context whose earlier operations all finished silently (an invocation retried after a crash,
 * a completed child context rebuilt for a large result) counts as replaying until it starts a new
 * operation: records are then lost rather than repeated.
 */
export class ReplayTracker {
  /** Contexts (by the `parentId` their operations carry) still replaying. */
  readonly #replaying = new Set<string>();
  /** Per replaying context, the earlier operations that have not reported yet. */
  readonly #unreported = new Map<string, Set<string>>();
  /** Ids of real (checkpointed) operations: the earlier ones and every one started since. */
  readonly #known = new Set<string>();
  /** Contexts that finished earlier and run again only to rebuild their result: replaying throughout. */
  readonly #rebuilt = new Set<string>();

  constructor(operations: Record<string, OperationInfo>) {
    for (const id in operations) {
      const operation = operations[id] as OperationInfo;
      if (operation.type === EXECUTION_OPERATION_TYPE) continue;
      this.#known.add(operation.id);
      const key = operation.parentId ?? ROOT_CONTEXT_KEY;
      this.#replaying.add(key);
      if (!reportsWhenReached(operation)) continue;
      let unreported = this.#unreported.get(key);
      if (unreported === undefined) {
        unreported = new Set();
        this.#unreported.set(key, unreported);
      }
      unreported.add(operation.id);
    }
  }

  /** Whether code of the context whose operations carry `contextKey` is replaying. */
  isReplaying(contextKey: string): boolean {
    return this.#replaying.has(contextKey) || this.#rebuilt.has(contextKey);
  }

  /** Records that child context `context` runs its function (`wrapChildContextFn`). */
  enteredContext(context: OperationInfo): void {
    this.reached(context);
    // A finished context runs again only to rebuild a result too large to store (ReplayChildren).
    if (isFinished(context)) this.#rebuilt.add(this.childKeyOf(context));
  }

  /**
   * The key the operations created inside child context `context` carry: its own id, or its
   * parent's for a context that is not checkpointed (a flat map item's operations hang off the map).
   */
  childKeyOf(context: OperationInfo): string {
    return this.#known.has(context.id) ? context.id : (context.parentId ?? ROOT_CONTEXT_KEY);
  }

  /** Records that the handler reached `operation` (any hook that names it). */
  reached(operation: OperationInfo): void {
    const key = operation.parentId ?? ROOT_CONTEXT_KEY;
    const unreported = this.#unreported.get(key);
    if (unreported === undefined || !unreported.delete(operation.id) || unreported.size > 0) return;
    this.#finish(key);
  }

  /**
   * Records `onOperationStart`. An operation the tracker does not know is new, so its context has
   * reached everything it created before, unless it is a context that is never checkpointed (a
   * flat map item), started while its enclosing context replays (`isReplay`).
   */
  started(operation: OperationInfo): void {
    if (this.#known.has(operation.id)) {
      this.reached(operation);
      return;
    }
    if (operation.isReplay) return;
    this.#known.add(operation.id);
    this.#finish(operation.parentId ?? ROOT_CONTEXT_KEY);
  }

  #finish(key: string): void {
    this.#replaying.delete(key);
    this.#unreported.delete(key);
  }
}
