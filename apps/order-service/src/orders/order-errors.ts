/**
 * The order event is malformed (no lines, a bad quantity, a missing id). The execution fails at
 * once: nothing was reserved or charged.
 *
 * @example
 * ```ts
 * throw new InvalidOrderError("o-1", ["lines must be a non-empty array"]);
 * ```
 */
export class InvalidOrderError extends Error {
  override readonly name = "InvalidOrderError";
  /** Every problem found in the event. */
  readonly problems: readonly string[];

  constructor(orderId: string, problems: readonly string[]) {
    super(
      `Order ${orderId || "(no orderId)"} was not started: ${problems.join("; ")}. ` +
        "Fix the order event and start a new execution.",
    );
    this.problems = problems;
  }
}

/**
 * A manager rejected the order through the approval API. The payment authorisation was voided
 * before this error ended the execution.
 *
 * @example
 * ```ts
 * if (result.error?.ErrorType === "OrderRejectedError") notifyCustomer(result.error.ErrorMessage);
 * ```
 */
export class OrderRejectedError extends Error {
  override readonly name = "OrderRejectedError";

  constructor(orderId: string, approver: string, reason: string, options?: ErrorOptions) {
    super(
      `Order ${orderId} was rejected by ${approver}: ${reason}. The payment hold was released; ` +
        "the customer must place a new order.",
      options,
    );
  }
}

/**
 * Nobody answered the approval request before its timeout. The payment authorisation was voided
 * before this error ended the execution.
 *
 * @example
 * ```ts
 * if (result.error?.ErrorType === "ApprovalTimedOutError") escalate(result.executionArn);
 * ```
 */
export class ApprovalTimedOutError extends Error {
  override readonly name = "ApprovalTimedOutError";

  constructor(orderId: string, timeoutHours: number, options?: ErrorOptions) {
    super(
      `Order ${orderId} was not approved within ${timeoutHours} hours, so it was cancelled and the ` +
        "payment hold released. Answer approvals sooner (POST /approvals) or raise the timeout.",
      options,
    );
  }
}

/**
 * One or more order lines could not be reserved in the warehouse after every retry. The lines
 * that were reserved stay reserved: restock (or fix the warehouse) and redrive the execution; only
 * the failed lines run again.
 *
 * @example
 * ```ts
 * if (result.error?.ErrorType === "LinesUnavailableError") await executions.redrive(result.executionArn);
 * ```
 */
export class LinesUnavailableError extends Error {
  override readonly name = "LinesUnavailableError";
  /** The SKUs of the lines that failed. */
  readonly skus: readonly string[];

  constructor(orderId: string, failures: readonly { sku: string; message: string }[]) {
    super(
      `Order ${orderId}: ${failures.length} line(s) could not be reserved (` +
        failures.map((failure) => `${failure.sku}: ${failure.message}`).join("; ") +
        "). The other lines are reserved; restock and redrive the execution to finish the order.",
    );
    this.skus = failures.map((failure) => failure.sku);
  }
}

/**
 * The warehouse has too few units of a SKU. Retried by the reservation step (stock may arrive),
 * then reported through {@link LinesUnavailableError}.
 *
 * @example
 * ```ts
 * throw new OutOfStockError("LAMP-01", 2);
 * ```
 */
export class OutOfStockError extends Error {
  override readonly name = "OutOfStockError";

  constructor(sku: string, quantity: number) {
    super(`${quantity} × ${sku} cannot be reserved: the warehouse has too few in stock`);
  }
}

/**
 * A downstream service (payment gateway, carrier) did not answer in time. Steps retry it with
 * backoff; it reaches the execution only when every attempt failed.
 *
 * @example
 * ```ts
 * throw new ServiceUnavailableError("payment gateway", "timed out after 3 s");
 * ```
 */
export class ServiceUnavailableError extends Error {
  override readonly name = "ServiceUnavailableError";

  constructor(service: string, detail: string) {
    super(`The ${service} is unavailable (${detail}); the step retries it with backoff.`);
  }
}
