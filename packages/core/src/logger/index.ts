export {
  DEFAULT_LOG_LEVEL,
  DefaultLogger,
  type DefaultLoggerOptions,
  LambdaLogLevel,
  LOG_LEVEL_ENV_VAR,
  type LogSink,
} from "./default-logger.js";
