/**
 * Ordering hazards of a Middy middleware: Middy stops a
 * chain when a hook returns a value, so `durable()`'s own `after`/`onError` can be skipped. The
 * request guard still produces the durable output in every case; these warnings say what happened
 * and how to fix it. Each is emitted once per `durable()` instance (`process.emitWarning`, type
 * `DurableMiddlewareWarning`), so a warm container does not repeat it on every invocation.
 *
 * @example
 * ```ts
 * process.on("warning", (warning) => {
 *   if (warning.name === WARNING_TYPE && (warning as { code?: string }).code === Hazard.NOT_FIRST.code) alert(warning);
 * });
 * ```
 */
export const Hazard = {
  BEFORE_RETURNED_EARLY: {
    code: "DURABLE_MIDDY_BEFORE_RETURNED_EARLY",
    message:
      "A middleware registered after durable() returned a value from `before`, so Middy skipped the handler " +
      "and every `after`, including durable()'s. durable() used that value as the execution's result. If the " +
      "middleware should not end the execution, make it store its data in request.internal instead of returning it.",
  },
  AFTER_RETURNED_VALUE: {
    code: "DURABLE_MIDDY_AFTER_RETURNED_VALUE",
    message:
      "A middleware returned a value from `after`, so Middy skipped the `after`s registered before it, including " +
      "durable()'s. durable() used that value as the handler's result. To reshape the response, assign " +
      "request.response instead of returning it.",
  },
  ON_ERROR_RETURNED_VALUE: {
    code: "DURABLE_MIDDY_ON_ERROR_RETURNED_VALUE",
    message:
      "A middleware returned a value from `onError`, so Middy skipped the `onError`s registered before it, " +
      "including durable()'s. The durable outcome stays the error's (FAILED, or PENDING when the invocation " +
      "suspended): an error handler cannot turn a durable execution into a success. Do not return a value " +
      "from onError in a durable handler.",
  },
  NOT_FIRST: {
    code: "DURABLE_MIDDY_NOT_FIRST",
    message:
      "A middleware changed request.response after durable() had produced the durable output, so durable() is " +
      "not the first .use(). The change is ignored: the response stays the durable output. Register durable() " +
      "first, middy(handler).use(durable()).use(…), so its `before` runs first and its `after`/`onError` last.",
  },
  ERROR_AFTER_OUTPUT: {
    code: "DURABLE_MIDDY_ERROR_AFTER_OUTPUT",
    message:
      "A middleware threw after durable() had produced the durable output, so durable() is not the first " +
      ".use(). The output stands. Register durable() first so nothing runs after its `after`/`onError`.",
  },
} as const;
export type Hazard = (typeof Hazard)[keyof typeof Hazard];

/**
 * The `type` (the warning's `name`) of the process warnings `durable()` emits.
 *
 * @example
 * ```ts
 * process.on("warning", (warning) => warning.name === WARNING_TYPE && metrics.count("middy-hazard"));
 * ```
 */
export const WARNING_TYPE = "DurableMiddlewareWarning";

/** Emits each hazard warning once. */
export class HazardWarnings {
  readonly #emitted = new Set<string>();

  warn(hazard: Hazard): void {
    if (this.#emitted.has(hazard.code)) return;
    this.#emitted.add(hazard.code);
    process.emitWarning(hazard.message, { type: WARNING_TYPE, code: hazard.code });
  }
}
