import { createHash } from "node:crypto";
import { Logger, type LogItem, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import type {
  ConstructorOptions,
  LogItemExtraInput,
  LogItemMessage,
  LogLevel,
} from "@aws-lambda-powertools/logger/types";
import {
  type DurableInstrumentationPlugin,
  type DurableLogData,
  type DurableLogger as DurableLoggerContract,
  type DurableLoggingContext,
  isSuspension,
} from "@durable-lambda/core";
import { DurableLogKey, PowertoolsEnvironment } from "../constants.js";
import { type LogSink, routeConsoleOutput, writeLine } from "../output/log-sink.js";
import {
  currentFrame,
  currentInvocation,
  type DurableFrame,
  FrameKind,
  isReplayingNow,
} from "../scope/durable-frames.js";
import type { InvocationScope } from "../scope/invocation-registry.js";
import { DurableLoggerPlugin, type DurableLoggerPluginOptions } from "./logger-plugin.js";

/**
 * Options this logger adds to Powertools' `Logger` options.
 *
 * @example
 * ```ts
 * const options: DurableLoggingOptions = { replayLogging: true };
 * ```
 */
export interface DurableLoggingOptions {
  /**
   * Emit records made while the execution replays work an earlier invocation already logged,
   * and mark every record with `replay: true | false`. Default `false`: replayed records are
   * dropped before they are formatted.
   */
  replayLogging?: boolean;
  /**
   * Where records go, one JSON object per line. Default `process.stdout` for every level: raw
   * writes are not rewrapped by Lambda's JSON log format, which only restructures `console.*`.
   */
  output?: LogSink;
}

/**
 * Options of {@link DurableLogger}: every Powertools `Logger` option plus {@link DurableLoggingOptions}.
 *
 * @example
 * ```ts
 * const logger = new DurableLogger({ serviceName: "orders", logLevel: "DEBUG", replayLogging: false });
 * ```
 */
export type DurableLoggerOptions = ConstructorOptions & DurableLoggingOptions;

type DurableLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";
type LambdaContextInput = Parameters<Logger["addContext"]>[0];

const HASH_UNIT = 2 ** 32;
const DEFAULT_LEVEL: Uppercase<LogLevel> = "INFO";

/** Where a record comes from: the durable frame, and whether that code is replaying. */
interface RecordOrigin {
  readonly frame: DurableFrame | undefined;
  readonly logData: DurableLogData | undefined;
  readonly invocation: InvocationScope | undefined;
  readonly replaying: boolean;
}

function isLevelName(value: string | undefined): value is Uppercase<LogLevel> {
  return value !== undefined && Object.hasOwn(LogLevelThreshold, value);
}

function configuredLevel(logLevel: string | undefined): Uppercase<LogLevel> {
  for (const candidate of [
    logLevel,
    process.env[PowertoolsEnvironment.LOG_LEVEL],
    process.env[PowertoolsEnvironment.LOG_LEVEL_ALIAS],
  ]) {
    const upper = candidate?.toUpperCase();
    if (upper !== undefined && upper !== "" && isLevelName(upper)) return upper;
  }
  return DEFAULT_LEVEL;
}

function configuredSampleRate(sampleRateValue: number | undefined): number {
  for (const candidate of [
    sampleRateValue,
    Number(process.env[PowertoolsEnvironment.SAMPLE_RATE] ?? Number.NaN),
  ]) {
    if (typeof candidate === "number" && candidate >= 0 && candidate <= 1) return candidate;
  }
  return 0;
}

/** A number in [0, 1) derived from `value`: the same execution always gets the same sampling decision. */
function unitIntervalOf(value: string): number {
  return createHash("sha256").update(value).digest().readUInt32BE(0) / HASH_UNIT;
}

/** Whether a record reports a suspension, which is not a failure (Powertools' uncaught-error record). */
function reportsSuspension(input: LogItemMessage, extraInput: LogItemExtraInput): boolean {
  if (typeof input === "object" && isSuspension(input.error)) return true;
  for (const item of extraInput) {
    if (isSuspension(item) || (typeof item === "object" && isSuspension((item as { error?: unknown }).error)))
      return true;
  }
  return false;
}

/** Sets `key` unless the record already has it: keys the user passes explicitly win. */
function setKey(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && !(key in attributes)) attributes[key] = value;
}

function addDurableKeys(
  attributes: Record<string, unknown>,
  origin: RecordOrigin,
  replayLogging: boolean,
): void {
  const { frame, logData } = origin;
  const executionArn = origin.invocation?.executionArn ?? logData?.executionArn;
  if (executionArn === undefined) return;
  setKey(attributes, DurableLogKey.EXECUTION_ARN, executionArn);
  const operation = frame?.operation;
  if (operation !== undefined) {
    setKey(attributes, DurableLogKey.OPERATION_ID, operation.id);
    setKey(attributes, DurableLogKey.OPERATION_NAME, operation.name);
    if (frame?.kind === FrameKind.ATTEMPT) setKey(attributes, DurableLogKey.ATTEMPT, operation.attempt);
    setKey(attributes, DurableLogKey.PARENT_ID, operation.parentId);
  } else if (logData !== undefined) {
    setKey(attributes, DurableLogKey.OPERATION_ID, logData.operationId);
    setKey(attributes, DurableLogKey.OPERATION_NAME, logData.operationName);
    setKey(attributes, DurableLogKey.ATTEMPT, logData.attempt);
    if (typeof logData.parentId === "string") setKey(attributes, DurableLogKey.PARENT_ID, logData.parentId);
  }
  if (replayLogging) setKey(attributes, DurableLogKey.REPLAY, origin.replaying);
}

/**
 * Powertools' `Logger` for durable functions. It keeps the whole Powertools API (levels,
 * `appendKeys`, child loggers, buffering, correlation ids, sampling) and adds:
 *
 * - replay awareness: a record made while the execution replays work an earlier invocation already
 *   logged is dropped before it is formatted (`replayLogging: true` keeps it, marked `replay`);
 *   records inside a step attempt always go out, with that attempt;
 * - durable keys on every record made in an execution: `execution_arn`, `operation_id`,
 *   `operation_name`, `attempt`, `parent_id`;
 * - one JSON object per line written straight to stdout, never through the global `console`, so
 *   Lambda's JSON log format does not wrap it (not even with `POWERTOOLS_DEV`);
 * - per-execution decisions: the event is logged once per execution, and debug sampling is decided
 *   from the execution ARN, so a sampled execution logs DEBUG in every invocation.
 *
 * It learns where code runs from its plugin ({@link DurableLogger.plugin}) and, when it is the
 * context's logger (`withDurableExecution(handler, { logger })` or `context.configureLogger`), from
 * the engine's logging context. It implements the engine's `DurableLogger` contract.
 *
 * @example
 * ```ts
 * import { DurableLogger } from "@durable-lambda/powertools";
 * import { withDurableExecution } from "@durable-lambda/core";
 *
 * const logger = new DurableLogger({ serviceName: "orders" });
 *
 * export const handler = withDurableExecution(
 *   async (event: { orderId: string }, context) => {
 *     logger.info("order received", { orderId: event.orderId }); // once per execution
 *     await context.step("charge", async () => logger.info("charging")); // once per attempt
 *     await context.wait({ minutes: 5 });
 *     logger.info("order done");
 *   },
 *   { logger, plugins: [logger.plugin({ logEvent: true })] },
 * );
 * ```
 */
export class DurableLogger extends Logger implements DurableLoggerContract {
  // Powertools' constructor already logs (sampling, option warnings) through the overridden
  // methods, before these fields exist: every override checks `#output in this` first.
  #output: LogSink;
  #replayLogging: boolean;
  #loggingContext: DurableLoggingContext | undefined;
  #parent: DurableLogger | undefined;
  #baseLevel: Uppercase<LogLevel>;
  #sampleRate: number;
  #origin: RecordOrigin | undefined;
  #contextRequestId: string | undefined;
  #coldStartRequestId: string | undefined;
  #coldStart = false;
  #childOptions: DurableLoggingOptions | undefined;

  constructor(options: DurableLoggerOptions = {}) {
    const { replayLogging, output, ...powertoolsOptions } = options;
    super(powertoolsOptions as ConstructorOptions);
    this.#output = output ?? process.stdout;
    this.#replayLogging = replayLogging ?? false;
    this.#baseLevel = configuredLevel(powertoolsOptions.logLevel);
    this.#sampleRate = configuredSampleRate(powertoolsOptions.sampleRateValue);
    routeConsoleOutput(this, this.#output);
  }

  /**
   * A plugin for `withDurableExecution({ plugins })` (or `durable({ plugins })`): it tells the logger
   * which invocation, operation and attempt code runs in and whether it replays, logs the event
   * once per execution, and at the end of every invocation (suspended ones included) clears or
   * flushes the log buffer and resets temporary keys.
   *
   * @example
   * ```ts
   * export const handler = withDurableExecution(workflow, { plugins: [logger.plugin({ logEvent: true })] });
   * ```
   */
  plugin(options: DurableLoggerPluginOptions = {}): DurableInstrumentationPlugin {
    return new DurableLoggerPlugin(this, options);
  }

  /**
   * Receives the engine's logging context when this logger is the context's logger; records then
   * carry the durable keys of the operation that logs even without the plugin.
   *
   * @example
   * ```ts
   * context.configureLogger({ customLogger: logger }); // the engine calls this method
   * ```
   */
  configureDurableLoggingContext(durableLoggingContext: DurableLoggingContext): void {
    this.#loggingContext = durableLoggingContext;
  }

  /**
   * Logs at `level` (`DEBUG`, `INFO`, `WARN`, `ERROR`), as `context.logger.log(level, …)` does.
   *
   * @example
   * ```ts
   * logger.log("WARN", "slow response", { ms: 2300 });
   * ```
   */
  log(level: DurableLevel, input: LogItemMessage, ...extraInput: LogItemExtraInput): void {
    const threshold = isLevelName(level) ? LogLevelThreshold[level] : LogLevelThreshold.INFO;
    this.processLogItem(threshold, input, extraInput);
  }

  /**
   * Whether the code running now replays work an earlier invocation already did (its records are
   * dropped unless `replayLogging` is on).
   *
   * @example
   * ```ts
   * if (!logger.isReplaying()) expensiveDiagnostics();
   * ```
   */
  isReplaying(): boolean {
    return this.#currentOrigin().replaying;
  }

  /**
   * Creates a child logger that stays replay-aware and shares this logger's durable context.
   *
   * @example
   * ```ts
   * const paymentsLogger = logger.createChild({ serviceName: "payments" });
   * ```
   */
  override createChild(options: DurableLoggerOptions = {}): DurableLogger {
    const { replayLogging, output, ...powertoolsOptions } = options;
    // Powertools deep-merges child options; the output stream must be handed over, not copied.
    this.#childOptions = {
      replayLogging: replayLogging ?? this.#replayLogging,
      output: output ?? this.#output,
    };
    try {
      return super.createChild(powertoolsOptions as ConstructorOptions) as DurableLogger;
    } finally {
      this.#childOptions = undefined;
    }
  }

  /**
   * Adds the Lambda fields of the current invocation. Called twice in one invocation (the plugin,
   * then a middleware with the real Lambda context), `cold_start` stays what it was on the first call.
   *
   * @example
   * ```ts
   * logger.addContext(context.lambdaContext);
   * ```
   */
  override addContext(context: LambdaContextInput): void {
    if (#output in this) this.#contextRequestId = context.awsRequestId;
    super.addContext(context);
  }

  /**
   * Whether this is the environment's first invocation; stable within one invocation.
   *
   * @example
   * ```ts
   * const cold = logger.getColdStart();
   * ```
   */
  override getColdStart(): boolean {
    if (!(#output in this)) return super.getColdStart();
    const requestId = this.#contextRequestId;
    if (requestId === undefined || requestId !== this.#coldStartRequestId) {
      this.#coldStartRequestId = requestId;
      this.#coldStart = super.getColdStart();
    }
    return this.#coldStart;
  }

  /**
   * Logs the event when enabled, but only on the first invocation of a durable execution.
   *
   * @example
   * ```ts
   * logger.logEventIfEnabled(event, true);
   * ```
   */
  override logEventIfEnabled(event: unknown, overwriteValue?: boolean): void {
    if (#output in this) {
      const invocation = currentInvocation(currentFrame(), this.#durableLogData());
      if (invocation !== undefined && !invocation.isFirstInvocation) return;
    }
    super.logEventIfEnabled(event, overwriteValue);
  }

  /**
   * In a durable execution, decides debug sampling from the execution ARN (the same decision in
   * every invocation); elsewhere re-rolls it as Powertools does.
   *
   * @example
   * ```ts
   * logger.refreshSampleRateCalculation();
   * ```
   */
  override refreshSampleRateCalculation(): void {
    const invocation =
      #output in this ? currentInvocation(currentFrame(), this.#durableLogData()) : undefined;
    if (invocation === undefined || this.#sampleRate === 0) {
      super.refreshSampleRateCalculation();
      return;
    }
    this.setLogLevel(unitIntervalOf(invocation.executionArn) < this.#sampleRate ? "DEBUG" : this.#baseLevel);
  }

  protected override createLogger(options?: ConstructorOptions): DurableLogger {
    const child = new DurableLogger({ ...options, ...this.#childOptions });
    child.#parent = this;
    child.#baseLevel = this.#baseLevel;
    return child;
  }

  protected override processLogItem(
    logLevel: number,
    input: LogItemMessage,
    extraInput: LogItemExtraInput,
  ): void {
    if (!(#output in this)) {
      super.processLogItem(logLevel, input, extraInput);
      return;
    }
    const origin = this.#currentOrigin();
    if ((origin.replaying && !this.#replayLogging) || reportsSuspension(input, extraInput)) return;
    this.#origin = origin;
    try {
      super.processLogItem(logLevel, input, extraInput);
    } finally {
      this.#origin = undefined;
    }
  }

  protected override createAndPopulateLogItem(
    logLevel: number,
    input: LogItemMessage,
    extraInput: LogItemExtraInput,
  ): LogItem {
    const item = super.createAndPopulateLogItem(logLevel, input, extraInput);
    if (#output in this) {
      const origin = this.#origin ?? this.#currentOrigin();
      addDurableKeys(item.getAttributes() as Record<string, unknown>, origin, this.#replayLogging);
    }
    return item;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (!(#output in this)) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    writeLine(this.#output, JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }

  #currentOrigin(): RecordOrigin {
    const frame = currentFrame();
    const logData = frame?.invocation === undefined ? this.#durableLogData() : undefined;
    const invocation = currentInvocation(frame, logData);
    return { frame, logData, invocation, replaying: isReplayingNow(frame, logData, invocation) };
  }

  /** The engine's metadata of the current frame, from the nearest logger the engine was given. */
  #durableLogData(): DurableLogData | undefined {
    for (let logger: DurableLogger | undefined = this; logger !== undefined; logger = logger.#parent) {
      if (logger.#loggingContext !== undefined) return logger.#loggingContext.getDurableLogData();
    }
    return undefined;
  }
}
