import type { InspectOptions } from "node:util";
import type { DurableLogData, DurableLogger, DurableLoggingContext } from "../types/logger.js";

/** Log levels Lambda's `AWS_LAMBDA_LOG_LEVEL` accepts, lowest first. */
export const LambdaLogLevel = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARN",
  ERROR: "ERROR",
  FATAL: "FATAL",
} as const;
export type LambdaLogLevel = (typeof LambdaLogLevel)[keyof typeof LambdaLogLevel];

const LEVEL_PRIORITY = {
  TRACE: 0,
  DEBUG: 1,
  INFO: 2,
  WARN: 3,
  ERROR: 4,
  FATAL: 5,
} as const satisfies Record<LambdaLogLevel, number>;

/** The environment variable Lambda sets from the function's logging configuration. */
export const LOG_LEVEL_ENV_VAR = "AWS_LAMBDA_LOG_LEVEL" as const;
/** The level used when `AWS_LAMBDA_LOG_LEVEL` is unset or unknown. */
export const DEFAULT_LOG_LEVEL = LambdaLogLevel.DEBUG;

/** Where log lines go: anything with a `write(string)`, like `process.stdout`. */
export interface LogSink {
  write(line: string): unknown;
}

/** Options of {@link DefaultLogger}, mainly for tests. */
export interface DefaultLoggerOptions {
  /** Receives debug and info lines. Default `process.stdout`. */
  stdout?: LogSink;
  /** Receives warn and error lines. Default `process.stderr`. */
  stderr?: LogSink;
  /** The lowest level written. Default: `AWS_LAMBDA_LOG_LEVEL`, or `DEBUG`. */
  level?: LambdaLogLevel;
}

// Multi-argument messages stay on one line, like Lambda's own console formatting.
const FORMAT_OPTIONS: InspectOptions = { breakLength: Number.POSITIVE_INFINITY };

// `node:util` loads on the first formatted message: as an ES module import it costs milliseconds of
// every cold start, logging or not.
let formatWithOptions: typeof import("node:util").formatWithOptions | undefined;

function formatMessage(options: InspectOptions, ...params: unknown[]): string {
  formatWithOptions ??= process.getBuiltinModule("node:util").formatWithOptions;
  return formatWithOptions(options, ...params);
}
const CIRCULAR_MARKER = "[Circular]" as const;
const UNSERIALIZABLE_MESSAGE = "[log record could not be serialized]" as const;

/** Durable log data keys written in fixed positions; other keys follow them in their own order. */
const KNOWN_LOG_DATA_KEYS: ReadonlySet<string> = new Set([
  "requestId",
  "executionArn",
  "tenantId",
  "operationId",
  "operationName",
  "attempt",
  // Read by replay-aware loggers; the default logger drops replayed records instead of marking them.
  "parentId",
  "isReplaying",
]);

/** The JSON form of an `Error`, as Lambda's runtime writes errors. */
interface SerializedError {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
}

/**
 * The logger `context.logger` uses unless the user configures another. Each call writes one JSON
 * line with the timestamp, level, durable metadata (request, execution, operation, attempt) and the
 * message, straight to `process.stdout` (debug, info) or `process.stderr` (warn, error) so Lambda's
 * JSON log format does not wrap it again. Levels below `AWS_LAMBDA_LOG_LEVEL` are no-ops. A log
 * call never throws.
 *
 * @example
 * ```ts
 * const logger = new DefaultLogger();
 * logger.info("order shipped", { orderId: "o-1" });
 * // {"timestamp":"…","level":"INFO","requestId":"…","executionArn":"…","message":"order shipped { orderId: 'o-1' }"}
 * ```
 */
export class DefaultLogger implements DurableLogger {
  #stdout: LogSink;
  #stderr: LogSink;
  #minPriority: number;
  #loggingContext: DurableLoggingContext | undefined;

  constructor(options: DefaultLoggerOptions = {}) {
    this.#stdout = options.stdout ?? process.stdout;
    this.#stderr = options.stderr ?? process.stderr;
    this.#minPriority = LEVEL_PRIORITY[options.level ?? levelFromEnvironment()];
  }

  /**
   * Receives the durable metadata source; each record reads it anew, so it reflects the operation
   * that is logging at that moment.
   *
   * @example
   * ```ts
   * logger.configureDurableLoggingContext({ getDurableLogData: () => ({ requestId, executionArn }) });
   * ```
   */
  configureDurableLoggingContext(durableLoggingContext: DurableLoggingContext): void {
    this.#loggingContext = durableLoggingContext;
  }

  /**
   * Writes a DEBUG record to stdout.
   *
   * @example
   * ```ts
   * logger.debug("state", state);
   * ```
   */
  debug(...params: unknown[]): void {
    if (this.#minPriority <= LEVEL_PRIORITY.DEBUG) this.#write(this.#stdout, LambdaLogLevel.DEBUG, params);
  }

  /**
   * Writes an INFO record to stdout.
   *
   * @example
   * ```ts
   * logger.info("order shipped", orderId);
   * ```
   */
  info(...params: unknown[]): void {
    if (this.#minPriority <= LEVEL_PRIORITY.INFO) this.#write(this.#stdout, LambdaLogLevel.INFO, params);
  }

  /**
   * Writes a WARN record to stderr.
   *
   * @example
   * ```ts
   * logger.warn("retrying", error);
   * ```
   */
  warn(...params: unknown[]): void {
    if (this.#minPriority <= LEVEL_PRIORITY.WARN) this.#write(this.#stderr, LambdaLogLevel.WARN, params);
  }

  /**
   * Writes an ERROR record to stderr; `Error` arguments add `errorType`, `errorMessage` and
   * `stackTrace` fields.
   *
   * @example
   * ```ts
   * logger.error("charge failed", error);
   * ```
   */
  error(...params: unknown[]): void {
    if (this.#minPriority <= LEVEL_PRIORITY.ERROR) this.#write(this.#stderr, LambdaLogLevel.ERROR, params);
  }

  /**
   * Writes a record at `level` (`DEBUG`, `INFO`, `WARN`, `ERROR`); an unknown level logs as INFO.
   *
   * @example
   * ```ts
   * logger.log("WARN", "slow response", { ms: 2300 });
   * ```
   */
  log(level: string, ...params: unknown[]): void {
    switch (level) {
      case LambdaLogLevel.DEBUG:
        this.debug(...params);
        return;
      case LambdaLogLevel.WARN:
        this.warn(...params);
        return;
      case LambdaLogLevel.ERROR:
        this.error(...params);
        return;
      default:
        this.info(...params);
        return;
    }
  }

  #write(sink: LogSink, level: LambdaLogLevel, params: unknown[]): void {
    let line: string;
    try {
      line = serializeRecord(this.#buildRecord(level, params));
    } catch (error) {
      // Only a throwing getter, toJSON or metadata source lands here; keep the line, lose the detail.
      line = serializeRecord({
        timestamp: new Date().toISOString(),
        level,
        message: `${UNSERIALIZABLE_MESSAGE}: ${String(error)}`,
      });
    }
    try {
      sink.write(`${line}\n`);
    } catch {
      // A closed stream must not turn logging into a failure of the user's code.
    }
  }

  #buildRecord(level: LambdaLogLevel, params: unknown[]): Record<string, unknown> {
    const record: Record<string, unknown> = { timestamp: new Date().toISOString(), level };
    if (this.#loggingContext !== undefined)
      addDurableLogData(record, this.#loggingContext.getDurableLogData());
    let firstError: Error | undefined;
    for (const param of params) {
      if (param instanceof Error) {
        firstError = param;
        break;
      }
    }
    if (params.length === 1) {
      record.message = firstError === undefined ? params[0] : serializeError(firstError);
    } else {
      record.message = formatMessage(FORMAT_OPTIONS, ...params);
    }
    if (firstError !== undefined) {
      const { errorType, errorMessage, stackTrace } = serializeError(firstError);
      record.errorType = errorType;
      record.errorMessage = errorMessage;
      record.stackTrace = stackTrace;
    }
    return record;
  }
}

function addDurableLogData(record: Record<string, unknown>, data: DurableLogData): void {
  record.requestId = data.requestId;
  record.executionArn = data.executionArn;
  if (data.tenantId !== undefined) record.tenantId = data.tenantId;
  if (data.operationId !== undefined) record.operationId = data.operationId;
  if (data.operationName !== undefined) record.operationName = data.operationName;
  if (data.attempt !== undefined) record.attempt = data.attempt;
  for (const key in data) {
    if (!KNOWN_LOG_DATA_KEYS.has(key) && !(key in record)) record[key] = data[key];
  }
}

function levelFromEnvironment(): LambdaLogLevel {
  const configured = process.env[LOG_LEVEL_ENV_VAR]?.toUpperCase();
  return configured !== undefined && Object.hasOwn(LEVEL_PRIORITY, configured)
    ? (configured as LambdaLogLevel)
    : DEFAULT_LOG_LEVEL;
}

function serializeError(error: Error): SerializedError {
  return {
    errorType: error.name,
    errorMessage: error.message,
    stackTrace: typeof error.stack === "string" ? error.stack.split("\n") : [],
  };
}

/** Expands nested errors and writes BigInts as strings; module-level so the fast path allocates nothing. */
function replaceValue(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return serializeError(value);
  return value;
}

function serializeRecord(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, replaceValue);
  } catch {
    // Almost always a circular reference: redo it tracking the ancestors of each value.
    return JSON.stringify(record, circularSafeReplacer());
  }
}

function circularSafeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, key: string, value: unknown): unknown {
    const replaced = replaceValue(key, value);
    if (typeof replaced !== "object" || replaced === null) return replaced;
    // `this` is the object holding `value`: drop ancestors that are not on the current path.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(replaced)) return CIRCULAR_MARKER;
    ancestors.push(replaced);
    return replaced;
  };
}
