import { Logger, type LogItem } from "@aws-lambda-powertools/logger";
import type {
  ConstructorOptions,
  LogItemExtraInput,
  LogItemMessage,
  LogLevel,
} from "@aws-lambda-powertools/logger/types";
import type {
  DurableInstrumentationPlugin,
  DurableLogData,
  DurableLogger as DurableLoggerContract,
  DurableLoggingContext,
} from "@durable-lambda/core";
import { type LogSink, routeConsoleOutput, writeLine } from "../output/log-sink.js";
import { currentFrame, currentInvocation } from "../scope/durable-frames.js";
import { activeInvocations, type InvocationScope } from "../scope/invocation-registry.js";
import { addDurableKeys } from "./durable-keys.js";
import { EventLogging } from "./event-logging.js";
import {
  type DurableLevel,
  type LevelName,
  rememberLevelBeforeSampling,
  resolvedBaseLevel,
  resolvedSampleRate,
  thresholdOf,
} from "./levels.js";
import { DurableLoggerPlugin, type DurableLoggerPluginOptions } from "./logger-plugin.js";
import { currentRecordOrigin, type RecordOrigin } from "./record-origin.js";
import { isExecutionSampled } from "./sampling.js";
import { reportsSuspension } from "./suspension-filter.js";

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
   * Emit records made while the execution replays work an earlier invocation already logged, and
   * mark every record with `replay: true | false`. When off, replayed records are dropped before
   * they are formatted.
   *
   * @default false
   */
  replayLogging?: boolean;
  /**
   * Where records go, one JSON object per line. Raw writes are not rewrapped by Lambda's JSON log
   * format, which only restructures `console.*`.
   *
   * @default process.stdout
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
  /** The level and debug sample rate Powertools resolved, before any sampling decision. */
  #baseLevel: LevelName;
  #sampleRate: number;
  #origin: RecordOrigin | undefined;
  #contextRequestId: string | undefined;
  #coldStartRequestId: string | undefined;
  #coldStart = false;
  #childOptions: DurableLoggingOptions | undefined;
  readonly #events = new EventLogging();
  readonly #durableLogDataOfThis = (): DurableLogData | undefined => this.#durableLogData();

  constructor(options: DurableLoggerOptions = {}) {
    const { replayLogging, output, ...powertoolsOptions } = options;
    super(powertoolsOptions as ConstructorOptions);
    this.#output = output ?? process.stdout;
    this.#replayLogging = replayLogging ?? false;
    this.#baseLevel = resolvedBaseLevel(this);
    this.#sampleRate = resolvedSampleRate(this);
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
    this.processLogItem(thresholdOf(level), input, extraInput);
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
    return currentRecordOrigin(this.#durableLogDataOfThis).replaying;
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
   * Sets the level, as Powertools does (Lambda's Advanced Logging Controls win over it).
   *
   * @example
   * ```ts
   * logger.setLogLevel("WARN");
   * ```
   */
  override setLogLevel(logLevel: LogLevel): void {
    // Called by Powertools' constructor only when debug sampling hits: remember the level it resolved.
    if (!(#output in this)) rememberLevelBeforeSampling(this);
    super.setLogLevel(logLevel);
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
  override addContext(context: Parameters<Logger["addContext"]>[0]): void {
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
   * Logs the event when enabled, once per durable execution: on its first invocation, and once
   * even when the plugin and a middleware both ask for it.
   *
   * @example
   * ```ts
   * logger.logEventIfEnabled(event, true);
   * ```
   */
  override logEventIfEnabled(event: unknown, overwriteValue?: boolean): void {
    const invocation = #output in this ? this.#currentInvocation() : undefined;
    if (invocation !== undefined) {
      if (!this.#events.mayLog(invocation) || !this.shouldLogEvent(overwriteValue)) return;
      this.#events.logged(invocation);
    }
    super.logEventIfEnabled(event, overwriteValue);
  }

  /**
   * In a durable execution, decides debug sampling from the execution ARN (the same decision in
   * every invocation) with the sample rate Powertools resolved, and otherwise restores the level
   * Powertools resolved; outside an execution, re-rolls it as Powertools does.
   *
   * @example
   * ```ts
   * logger.refreshSampleRateCalculation();
   * ```
   */
  override refreshSampleRateCalculation(): void {
    const invocation = #output in this ? this.#currentInvocation() : undefined;
    if (invocation === undefined || this.#sampleRate === 0) {
      super.refreshSampleRateCalculation();
      return;
    }
    const sampled = isExecutionSampled(invocation.executionArn, this.#sampleRate);
    this.setLogLevel(sampled ? "DEBUG" : this.#baseLevel);
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
    const origin = currentRecordOrigin(this.#durableLogDataOfThis);
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
      const origin = this.#origin ?? currentRecordOrigin(this.#durableLogDataOfThis);
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

  /**
   * The invocation the code running now belongs to: from the durable frame, the engine's logging
   * context, or, for a middleware outside both, the Lambda request the logger was last given.
   */
  #currentInvocation(): InvocationScope | undefined {
    const found = currentInvocation(currentFrame(), this.#durableLogData());
    if (found !== undefined || this.#contextRequestId === undefined) return found;
    return activeInvocations.findByRequestId(this.#contextRequestId);
  }

  /** The engine's metadata of the current frame, from the nearest logger the engine was given. */
  #durableLogData(): DurableLogData | undefined {
    for (let logger: DurableLogger | undefined = this; logger !== undefined; logger = logger.#parent) {
      if (logger.#loggingContext !== undefined) return logger.#loggingContext.getDurableLogData();
    }
    return undefined;
  }
}
