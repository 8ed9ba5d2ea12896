/**
 * The application is configured wrongly: a required environment variable is missing, or a factory
 * got an option it does not know. Thrown when the handler is created (at cold start on Lambda),
 * never in the middle of an order.
 *
 * @example
 * ```ts
 * throw new OrderServiceConfigurationError("SHIPPING_FUNCTION is not set", "set it to the shipping alias ARN");
 * ```
 */
export class OrderServiceConfigurationError extends Error {
  override readonly name = "OrderServiceConfigurationError";

  constructor(problem: string, fix: string) {
    super(`${problem}: ${fix}.`);
  }
}

/**
 * Rejects option keys the factory does not know, naming the known ones (a typo would otherwise be
 * ignored silently).
 *
 * @example
 * ```ts
 * assertKnownOptions("createOrderHandler", { shipingFunction: "x" }, ["shippingFunction"]); // throws
 * ```
 */
export function assertKnownOptions(factory: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  throw new OrderServiceConfigurationError(
    `${factory}: unknown option(s) ${unknown.map((key) => `"${key}"`).join(", ")}`,
    `use only ${known.map((key) => `"${key}"`).join(", ")}`,
  );
}

/**
 * Reads a required environment variable, or throws naming it and what it should hold.
 *
 * @example
 * ```ts
 * const shippingFunction = requiredSetting("SHIPPING_FUNCTION", "the shipping function's alias ARN");
 * ```
 */
export function requiredSetting(variable: string, meaning: string): string {
  const value = process.env[variable];
  if (value === undefined || value === "") {
    throw new OrderServiceConfigurationError(
      `${variable} is not set`,
      `set it to ${meaning} (template.yaml does)`,
    );
  }
  return value;
}

/** Longest duration a setting may name: a durable execution runs one year at most. */
const MAX_DURATION_SECONDS = 31_622_400;

/**
 * Reads an optional duration in whole seconds from an environment variable (for example to
 * shorten the order's waits when trying it out on a local dev server in real time), or returns
 * `defaultSeconds`. Anything but a whole number from 1 to one year throws, naming the variable.
 *
 * @example
 * ```ts
 * const seconds = secondsSetting("CANCELLATION_WINDOW_SECONDS", 1800);
 * ```
 */
export function secondsSetting(variable: string, defaultSeconds: number): number {
  const value = process.env[variable];
  if (value === undefined || value === "") return defaultSeconds;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DURATION_SECONDS) {
    throw new OrderServiceConfigurationError(
      `${variable} is ${JSON.stringify(value)}`,
      `set it to a whole number of seconds from 1 to ${MAX_DURATION_SECONDS}, or unset it for ${defaultSeconds}`,
    );
  }
  return seconds;
}
