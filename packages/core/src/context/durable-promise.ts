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
  #started: Promise<T> | undefined;

  /** Promises derived with `then`, `catch` and `finally` are plain promises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  constructor(executor: () => Promise<T>) {
    // The base promise never settles: every reaction goes to the executor's promise, so awaiting a
    // DurablePromise takes as many microtask turns as awaiting the official SDK's (a thenable whose
    // `then` runs its executor and chains on the promise it returns).
    super(ignore);
    this.#executor = executor;
  }

  /** Whether the executor has run (the promise was awaited or chained). */
  get isExecuted(): boolean {
    return this.#started !== undefined;
  }

  override get [Symbol.toStringTag](): string {
    return "DurablePromise";
  }

  // `catch` and `finally` (Promise.prototype's) call this `then`.
  // biome-ignore lint/suspicious/noThenProperty: a DurablePromise is a thenable by design.
  override then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.#execute().then(onfulfilled, onrejected);
  }

  #execute(): Promise<T> {
    if (this.#started === undefined) {
      const executor = this.#executor as () => Promise<T>;
      this.#executor = undefined;
      try {
        this.#started = executor();
      } catch (error) {
        this.#started = Promise.reject(error);
      }
    }
    return this.#started;
  }
}

function ignore(): void {}
