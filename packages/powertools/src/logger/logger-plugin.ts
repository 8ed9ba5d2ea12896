import type { Logger } from "@aws-lambda-powertools/logger";
import { type InvocationEndInfo, type InvocationInfo, PluginInvocationStatus } from "@durable-lambda/core";
import type { Context } from "aws-lambda";
import { LambdaEnvironment, UNCAUGHT_ERROR_LOG_MESSAGE } from "../constants.js";
import { durableFrames, FrameKind } from "../scope/durable-frames.js";
import type { InvocationScope } from "../scope/invocation-registry.js";
import { ScopePlugin } from "../scope/scope-plugin.js";

/**
 * Options of the logger plugin (`logger.plugin(options)`), named as Powertools' `injectLambdaContext` options.
 *
 * @example
 * ```ts
 * const plugin = logger.plugin({ logEvent: true, flushBufferOnUncaughtError: true });
 * ```
 */
export interface DurableLoggerPluginOptions {
  /**
   * Log the execution's input as "Lambda invocation event" on the first invocation only.
   *
   * @default the `POWERTOOLS_LOGGER_LOG_EVENT` environment variable, else `false`
   */
  logEvent?: boolean;
  /**
   * Remove temporary keys (`appendKeys`) at the end of every invocation, suspended ones included.
   *
   * @default true
   */
  resetKeys?: boolean;
  /**
   * When an invocation fails (the execution FAILED, or Lambda retries the invocation), print the
   * log buffer and an error record. Otherwise, and on suspension, the buffer is cleared.
   *
   * @default false
   */
  flushBufferOnUncaughtError?: boolean;
  /** A JMESPath expression into the execution's input; its value becomes `correlation_id` in every invocation. */
  correlationIdPath?: string;
  /**
   * Add Lambda fields at the start of every invocation: the request id from the engine and the
   * function name, version and memory from Lambda's environment. A middleware that passes the real
   * Lambda context (`injectLambdaContext`) completes them.
   *
   * @default true
   */
  lambdaContext?: boolean;
}

type ResolvedPluginOptions = DurableLoggerPluginOptions &
  Required<Pick<DurableLoggerPluginOptions, "resetKeys" | "flushBufferOnUncaughtError" | "lambdaContext">>;

const PLUGIN_DEFAULTS: ResolvedPluginOptions = {
  resetKeys: true,
  flushBufferOnUncaughtError: false,
  lambdaContext: true,
};

const FAILED_STATUSES: ReadonlySet<string> = new Set([
  PluginInvocationStatus.FAILED,
  PluginInvocationStatus.RETRYING,
]);

/** `arn:…:function:NAME:VERSION/durable-execution/…` → `arn:…:function:NAME:VERSION`. */
const DURABLE_EXECUTION_SEPARATOR = "/durable-execution/";

/** The Lambda fields the plugin can know without the Lambda context. */
function lambdaContextOf(info: InvocationInfo): Context {
  const separator = info.executionArn.indexOf(DURABLE_EXECUTION_SEPARATOR);
  return {
    awsRequestId: info.requestId,
    functionName: process.env[LambdaEnvironment.FUNCTION_NAME] ?? "",
    functionVersion: process.env[LambdaEnvironment.FUNCTION_VERSION] ?? "",
    memoryLimitInMB: process.env[LambdaEnvironment.FUNCTION_MEMORY_SIZE] ?? "",
    invokedFunctionArn: separator === -1 ? "" : info.executionArn.slice(0, separator),
  } as Context;
}

/**
 * The logger's instrumentation plugin: per-invocation set-up and clean-up that Powertools'
 * `injectLambdaContext` does around a plain handler, done once per real event for a durable one.
 */
export class DurableLoggerPlugin extends ScopePlugin {
  readonly #logger: Logger;
  readonly #options: ResolvedPluginOptions;

  constructor(logger: Logger, options: DurableLoggerPluginOptions = {}) {
    super();
    this.#logger = logger;
    this.#options = { ...PLUGIN_DEFAULTS, ...options };
  }

  protected override invocationStarted(invocation: InvocationScope, info: InvocationInfo): void {
    durableFrames.run({ kind: FrameKind.HOOK, invocation }, () => this.#setUp(invocation, info));
  }

  protected override invocationEnded(invocation: InvocationScope | undefined, info: InvocationEndInfo): void {
    durableFrames.run({ kind: FrameKind.HOOK, invocation }, () => this.#cleanUp(info));
  }

  #setUp(invocation: InvocationScope, info: InvocationInfo): void {
    const logger = this.#logger;
    logger.refreshSampleRateCalculation();
    if (this.#options.lambdaContext) logger.addContext(lambdaContextOf(info));
    if (this.#options.correlationIdPath !== undefined) {
      logger.setCorrelationId(info.executionInput, this.#options.correlationIdPath);
    }
    if (invocation.isFirstInvocation) logger.logEventIfEnabled(info.executionInput, this.#options.logEvent);
  }

  #cleanUp(info: InvocationEndInfo): void {
    const logger = this.#logger;
    if (this.#options.flushBufferOnUncaughtError && FAILED_STATUSES.has(info.status)) {
      logger.flushBuffer();
      logger.error({ message: UNCAUGHT_ERROR_LOG_MESSAGE, error: info.executionError });
    } else {
      logger.clearBuffer();
    }
    if (this.#options.resetKeys) logger.resetKeys();
  }
}
