import type { DurableExecutionInvocationOutput } from "@durable-lambda/core";
import type { DurableInvocation, HandlerSettlement } from "@durable-lambda/core/internal";
import { EarlyTimeoutError, isMiddyEarlyTimeout } from "./errors.js";
import { Hazard, type HazardWarnings } from "./hazards.js";

/** The slice of Middy's request object the guard reads. */
interface MiddyRequestLike {
  response?: unknown;
  error?: unknown;
  earlyResponse?: unknown;
}

function ignore(): void {}

/**
 * One Middy request of a durable invocation. It owns `request.response`: Middy's writes (the
 * handler's value, a reshaping `after`) are kept as the raw response until `durable()` completes
 * the invocation; from then on the property reads as the durable output and ignores writes. When a
 * hook of another middleware returns a value, Middy skips the rest of the chain, `durable()`'s hook
 * included; the guard sees Middy store that value and completes the invocation itself, so Lambda
 * still receives a durable output (Middy returns `request.response`, a promise of it in that case).
 */
export class DurableRequest {
  readonly #invocation: DurableInvocation;
  readonly #request: MiddyRequestLike;
  readonly #warnings: HazardWarnings;
  #response: unknown;
  #handlerReturned = false;
  #completion: Promise<DurableExecutionInvocationOutput> | undefined;
  #output: DurableExecutionInvocationOutput | undefined;
  #completionFailed = false;
  #completionError: unknown;

  constructor(invocation: DurableInvocation, request: MiddyRequestLike, warnings: HazardWarnings) {
    this.#invocation = invocation;
    this.#request = request;
    this.#warnings = warnings;
    this.#response = request.response;
    Object.defineProperty(request, "response", {
      get: () => this.#read(),
      set: (value: unknown) => this.#write(value),
      enumerable: true,
      configurable: true,
    });
  }

  /** The response as Middy's chain left it (the handler's value, reshaped by `after`s). */
  get response(): unknown {
    return this.#response;
  }

  /** Whether the durable outcome is decided (completion started). */
  get completed(): boolean {
    return this.#completion !== undefined;
  }

  /** Whether `error` is the one completing the invocation threw (Lambda must retry). */
  isCompletionError(error: unknown): boolean {
    return this.#completionFailed && this.#completionError === error;
  }

  /**
   * Maps the outcome through the engine (which keeps a suspension or a fatal error authoritative)
   * and makes it the response. Rejects when Lambda must retry the invocation.
   */
  complete(settlement?: HandlerSettlement): Promise<DurableExecutionInvocationOutput> {
    if (this.#completion === undefined) {
      const completion = this.#invocation.complete(settlement).then(
        (output) => {
          this.#output = output;
          return output;
        },
        (error: unknown) => {
          this.#completionFailed = true;
          this.#completionError = error;
          throw error;
        },
      );
      // Awaited by durable()'s hook or adopted by Middy's return; never an unhandled rejection.
      completion.catch(ignore);
      this.#completion = completion;
    }
    return this.#completion;
  }

  /** The settlement of a failed chain; Middy's early timeout retries the invocation instead of failing. */
  failure(error: unknown): HandlerSettlement {
    if (isMiddyEarlyTimeout(error)) {
      return { ok: false, error: new EarlyTimeoutError(error, this.#invocation.getRemainingTimeInMillis()) };
    }
    return { ok: false, error };
  }

  /**
   * The durable output once known; while it is being computed after a hook of another middleware
   * stopped the chain, the promise of it (Middy returns `request.response`, and an async function
   * returning a promise adopts it); nothing when completing failed, so Middy rethrows the error and
   * Lambda retries; before that, the response as Middy's chain left it.
   */
  #read(): unknown {
    if (this.#output !== undefined) return this.#output;
    if (this.#completionFailed) return undefined;
    return this.#completion ?? this.#response;
  }

  #write(value: unknown): void {
    const request = this.#request;
    if (this.#completion !== undefined) {
      // Middy copying the output (or resetting it before onError) is not a change.
      const isChange = value !== undefined && value !== this.#output && value !== this.#completion;
      if (isChange) this.#warnings.warn(Hazard.NOT_FIRST);
      return;
    }
    if (!("earlyResponse" in request)) {
      this.#handlerReturned = true;
      this.#response = value;
      return;
    }
    // Another middleware's hook returned a value; Middy stops the chain before durable()'s hook.
    if (request.error !== undefined) {
      this.#warnings.warn(Hazard.ON_ERROR_RETURNED_VALUE);
      void this.complete(this.failure(request.error));
      return;
    }
    this.#warnings.warn(this.#handlerReturned ? Hazard.AFTER_RETURNED_VALUE : Hazard.BEFORE_RETURNED_EARLY);
    this.#response = value;
    void this.complete({ ok: true, value });
  }
}
