/**
 * The promise every durable operation returns. The operation itself starts as soon as the method
 * is called (so ids follow call order); the promise's executor runs on the first `then`, `catch` or
 * `finally` (which `await` calls), which is how the engine knows the handler is awaiting the
 * operation.
 *
 * A rejected `DurablePromise` that nobody awaits never surfaces as an unhandled rejection: it only
 * settles once something awaits it.
 *
 * @example
 * ```ts
 * const pending = context.step("fetch", async () => fetchOrder(id)); // runs now
 * const order = await pending; // marks the operation as awaited
 * ```
 */
export class DurablePromise<T> extends Promise<T> {
  #executor: (() => Promise<T>) | undefined;
  readonly #resolve: (value: T | PromiseLike<T>) => void;
  readonly #reject: (reason: unknown) => void;

  /** Promises derived with `then`, `catch` and `finally` are plain promises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  constructor(executor: () => Promise<T>) {
    let resolve: (value: T | PromiseLike<T>) => void = ignore;
    let reject: (reason: unknown) => void = ignore;
    super((resolveThis, rejectThis) => {
      resolve = resolveThis;
      reject = rejectThis;
    });
    this.#resolve = resolve;
    this.#reject = reject;
    this.#executor = executor;
  }

  /**
   * A `DurablePromise` already fulfilled with `value` (an operation replayed from its record): no
   * executor, no await tracking, and `await` takes the engine's native fast path. Used on the replay
   * path, where allocations per operation decide how often the garbage collector runs.
   */
  static fulfilled<T>(value: T): DurablePromise<T> {
    // A native promise with DurablePromise's prototype chain (instanceof works) whose `constructor`
    // is Promise, so `await` uses it directly instead of going through `then`.
    return Object.setPrototypeOf(Promise.resolve(value), FULFILLED_PROTOTYPE) as DurablePromise<T>;
  }

  /** Whether the executor has run (the promise was awaited or chained). */
  get isExecuted(): boolean {
    return !(#executor in this) || this.#executor === undefined;
  }

  override get [Symbol.toStringTag](): string {
    return "DurablePromise";
  }

  // biome-ignore lint/suspicious/noThenProperty: a DurablePromise is a thenable by design.
  override then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    if (#executor in this) this.#execute();
    return super.then(onfulfilled, onrejected);
  }

  #execute(): void {
    const executor = this.#executor;
    if (executor === undefined) return;
    this.#executor = undefined;
    let started: Promise<T>;
    try {
      started = executor();
    } catch (error) {
      this.#reject(error);
      return;
    }
    started.then(this.#resolve, this.#reject);
  }
}

function ignore(): void {}

/** The prototype of {@link DurablePromise.fulfilled} promises. */
const FULFILLED_PROTOTYPE: object = Object.create(DurablePromise.prototype, {
  constructor: { value: Promise, writable: true, configurable: true },
});
