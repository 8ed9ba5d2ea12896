/**
 * The promise every durable operation returns. The operation itself starts as soon as the method
 * is called (so ids follow call order); the promise's executor runs on the first `then`, `catch` or
 * `finally`, which is how the engine knows the handler is awaiting the operation.
 *
 * A rejected `DurablePromise` that nobody awaits never surfaces as an unhandled rejection.
 *
 * @example
 * ```ts
 * const pending = context.step("fetch", async () => fetchOrder(id)); // runs now
 * const order = await pending; // marks the operation as awaited
 * ```
 */
/** Placeholder executor of {@link DurablePromise.fulfilled}; never called. */
const FULFILLED_EXECUTOR = (): Promise<never> => Promise.reject(new Error("unreachable"));

export class DurablePromise<T> implements Promise<T> {
  #executor: (() => Promise<T>) | undefined;
  #promise: Promise<T> | undefined;

  constructor(executor: () => Promise<T>) {
    this.#executor = executor;
  }

  /** Whether the executor has run (the promise was awaited or chained). */
  get isExecuted(): boolean {
    return this.#promise !== undefined;
  }

  get [Symbol.toStringTag](): string {
    return "DurablePromise";
  }

  // biome-ignore lint/suspicious/noThenProperty: a DurablePromise is a thenable by design.
  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.#execute().then(onfulfilled, onrejected);
  }

  catch<TResult = never>(onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null): Promise<T | TResult> {
    return this.#execute().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#execute().finally(onfinally);
  }

  /**
   * A `DurablePromise` already fulfilled with `value` (an operation replayed from its record): no
   * executor, no await tracking. Used on the replay path, where allocations per operation matter.
   */
  static fulfilled<T>(value: T): DurablePromise<T> {
    const promise = new DurablePromise<T>(FULFILLED_EXECUTOR as () => Promise<T>);
    promise.#executor = undefined;
    promise.#promise = Promise.resolve(value);
    return promise;
  }

  #execute(): Promise<T> {
    if (this.#promise === undefined) {
      const executor = this.#executor as () => Promise<T>;
      this.#executor = undefined;
      try {
        this.#promise = executor();
      } catch (error) {
        this.#promise = Promise.reject(error);
      }
    }
    return this.#promise;
  }
}
