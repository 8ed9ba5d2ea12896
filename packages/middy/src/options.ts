import type { DurableExecutionConfig, DurableLogger } from "@durable-lambda/core";
import { validateExecutionConfig } from "@durable-lambda/core/internal";
import { PACKAGE_NAME } from "./errors.js";

/**
 * What `durable()` does with an event that is not a durable execution envelope.
 *
 * @example
 * ```ts
 * middy().use(durable({ nonDurableEvent: NonDurableEvent.PASS_THROUGH })).handler(handler);
 * ```
 */
export const NonDurableEvent = {
  /** Throw a `NonDurableEventError` naming the cause (a failed invocation). */
  ERROR: "error",
  /** Run the chain and the handler with the event and the Lambda context unchanged, without durability. */
  PASS_THROUGH: "passThrough",
} as const;
export type NonDurableEvent = (typeof NonDurableEvent)[keyof typeof NonDurableEvent];

/**
 * Options of `durable()`: everything `withDurableExecution` accepts, plus what to do with an event
 * that is not durable.
 *
 * @example
 * ```ts
 * const options: DurableMiddlewareOptions = { client: new LambdaClient({}), nonDurableEvent: "error" };
 * ```
 */
export interface DurableMiddlewareOptions<TLogger extends DurableLogger = DurableLogger>
  extends Omit<DurableExecutionConfig, "logger"> {
  /** A logger for `context.logger` (the default writes one JSON line per record to stdout/stderr). */
  logger?: TLogger;
  /**
   * What to do with an event that is not a durable execution envelope.
   *
   * @default "error"
   */
  nonDurableEvent?: NonDurableEvent;
}

/** Defaults, merged once per `durable()` call. */
export const defaults = {
  nonDurableEvent: NonDurableEvent.ERROR,
} as const satisfies DurableMiddlewareOptions;

interface OptionRule {
  /** What the option must be, completing "Option 'x' must be …". */
  readonly expected: string;
  readonly check: (value: unknown) => boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasMethods(value: unknown, methods: readonly string[]): boolean {
  return isObject(value) && methods.every((method) => typeof value[method] === "function");
}

const LOGGER_METHODS = ["error", "warn", "info", "debug"] as const;
const SERDES_METHODS = ["serialize", "deserialize"] as const;
const DESERIALIZER_METHODS = ["deserialize"] as const;

function isSerdesConfig(value: unknown): boolean {
  return (
    isObject(value) &&
    Object.keys(value).every((key) => key === "defaultSerdes" || key === "defaultCallbackDeserializer") &&
    (value.defaultSerdes === undefined || hasMethods(value.defaultSerdes, SERDES_METHODS)) &&
    (value.defaultCallbackDeserializer === undefined ||
      hasMethods(value.defaultCallbackDeserializer, DESERIALIZER_METHODS))
  );
}

const NON_DURABLE_EVENT_VALUES: readonly unknown[] = Object.values(NonDurableEvent);

/**
 * One rule per option; `satisfies` makes the build fail when the engine gains an option this
 * middleware does not know. The transport options are checked for shape by the engine's own
 * `validateExecutionConfig`, called after these rules.
 */
const optionSchema = {
  client: { expected: "a LambdaClient from @aws-sdk/client-lambda", check: isObject },
  durableExecutionClient: {
    expected: "an object with checkpoint() and getExecutionState()",
    check: isObject,
  },
  logger: {
    expected: `a logger with ${LOGGER_METHODS.join(", ")} methods`,
    check: (value) => hasMethods(value, LOGGER_METHODS),
  },
  serdes: {
    expected: "{ defaultSerdes?: { serialize, deserialize }, defaultCallbackDeserializer?: { deserialize } }",
    check: isSerdesConfig,
  },
  plugins: {
    expected: "an array of durable instrumentation plugin objects",
    check: (value) => Array.isArray(value) && value.every(isObject),
  },
  deferredCheckpoints: { expected: "true or false", check: (value) => typeof value === "boolean" },
  redrive: { expected: "true or false", check: (value) => typeof value === "boolean" },
  strictSerdes: { expected: "true or false", check: (value) => typeof value === "boolean" },
  pluginsConfig: { expected: "{ childOperationsDepth?: number }", check: isObject },
  nonDurableEvent: {
    expected: NON_DURABLE_EVENT_VALUES.map((value) => JSON.stringify(value)).join(" or "),
    check: (value) => NON_DURABLE_EVENT_VALUES.includes(value),
  },
} as const satisfies Record<keyof DurableMiddlewareOptions, OptionRule>;

function optionError(message: string): TypeError {
  return new TypeError(`durable(): ${message}`, { cause: { package: PACKAGE_NAME } });
}

/**
 * Checks `durable()` options the way Middy's `<name>ValidateOptions` functions do: unknown keys
 * (typos) and wrong types throw a `TypeError` with `cause.package`; then the engine's own rules
 * apply (for example `client` and `durableExecutionClient` are mutually exclusive). `durable()`
 * calls it itself, so bad options fail when the handler is built, not on the first invocation.
 *
 * @throws `TypeError` naming the option, the known options and the fix.
 *
 * @example
 * ```ts
 * durableValidateOptions({ nonDurableEvent: "passThrough" }); // ok
 * durableValidateOptions({ nonDurableEvents: "passThrough" }); // TypeError: Unknown option 'nonDurableEvents'
 * ```
 */
export function durableValidateOptions(options: unknown): void {
  if (!isObject(options)) throw optionError("options must be an object, for example durable({}).");
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(optionSchema, key)) {
      const known = Object.keys(optionSchema).join(", ");
      throw optionError(`Unknown option '${key}'. Known options: ${known}.`);
    }
  }
  for (const [key, rule] of Object.entries(optionSchema) as [string, OptionRule][]) {
    const value = options[key];
    if (value !== undefined && !rule.check(value))
      throw optionError(`Option '${key}' must be ${rule.expected}.`);
  }
  validateExecutionConfig(options as DurableExecutionConfig);
}
