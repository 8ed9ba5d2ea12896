import { type Logger, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import type { LogLevel } from "@aws-lambda-powertools/logger/types";

/** The levels `DurableLogger.log(level, …)` accepts: those of the engine's logger contract. */
export type DurableLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** A level name Powertools knows (`TRACE` … `SILENT`), upper case. */
export type LevelName = Uppercase<LogLevel>;

/** Whether `value` names a Powertools level. */
export function isLevelName(value: string | undefined): value is LevelName {
  return value !== undefined && Object.hasOwn(LogLevelThreshold, value);
}

/** The threshold of `level`; an unknown level logs at INFO. */
export function thresholdOf(level: string): number {
  return isLevelName(level) ? LogLevelThreshold[level] : LogLevelThreshold.INFO;
}

/**
 * The level each logger had before Powertools' constructor rolled its sampling dice. Powertools
 * resolves the level in its constructor (Lambda's Advanced Logging Controls, the `logLevel`
 * option, a custom config service, then `POWERTOOLS_LOG_LEVEL` / `LOG_LEVEL`) and, when sampling
 * hits, raises it to DEBUG through `setLogLevel`; {@link rememberLevelBeforeSampling} is called
 * from that `setLogLevel` to keep the resolved level.
 */
const levelsBeforeSampling = new WeakMap<Logger, LevelName>();

/** Records `logger`'s current level as its resolved level, once (called while it is constructed). */
export function rememberLevelBeforeSampling(logger: Logger): void {
  if (!levelsBeforeSampling.has(logger)) levelsBeforeSampling.set(logger, logger.getLevelName());
}

/** The level Powertools resolved for `logger`, without any sampling decision (call after construction). */
export function resolvedBaseLevel(logger: Logger): LevelName {
  return levelsBeforeSampling.get(logger) ?? logger.getLevelName();
}

/**
 * The debug sample rate Powertools resolved for `logger` (the `sampleRateValue` option, a custom
 * config service, then `POWERTOOLS_LOGGER_SAMPLE_RATE`; 0 when none is valid). Powertools keeps it
 * with the fields it adds to every record (printed as `sampling_rate`).
 */
export function resolvedSampleRate(logger: Logger): number {
  const { powertoolsLogData } = logger as unknown as { powertoolsLogData?: { sampleRateValue?: unknown } };
  const rate = powertoolsLogData?.sampleRateValue;
  return typeof rate === "number" && rate >= 0 && rate <= 1 ? rate : 0;
}
