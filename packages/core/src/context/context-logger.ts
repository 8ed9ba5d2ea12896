import type { DurableContextLogger, DurableLogger, DurableLogLevel } from "../types/logger.js";
import type { ContextScope } from "./context-scope.js";

type LevelMethod = "debug" | "info" | "warn" | "error";

const METHOD_BY_LEVEL: Readonly<Record<string, LevelMethod>> = {
  DEBUG: "debug",
  INFO: "info",
  WARN: "warn",
  ERROR: "error",
};

/**
 * `context.logger`: forwards to the context's logger unless the context is replaying work an
 * earlier invocation already logged. `configureLogger({ modeAware: false })`
 * turns the suppression off.
 */
export function createContextLogger(scope: ContextScope): DurableContextLogger<DurableLogger> {
  const suppressed = (): boolean => scope.modeAware && scope.isReplaying();
  const forward =
    (method: LevelMethod) =>
    (...params: unknown[]): void => {
      if (suppressed()) return;
      scope.logger[method](...params);
    };
  return {
    debug: forward("debug"),
    info: forward("info"),
    warn: forward("warn"),
    error: forward("error"),
    log(level: `${DurableLogLevel}`, ...params: unknown[]): void {
      if (suppressed()) return;
      const logger = scope.logger;
      if (logger.log !== undefined) logger.log(level, ...params);
      else logger[METHOD_BY_LEVEL[level] ?? "info"](...params);
    },
  };
}
