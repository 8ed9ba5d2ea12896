export { DurableLogKey } from "./constants.js";
export {
  DurableLogger,
  type DurableLoggerOptions,
  type DurableLoggingOptions,
} from "./logger/durable-logger.js";
export type { DurableLoggerPluginOptions } from "./logger/logger-plugin.js";
export type { LogSink } from "./output/log-sink.js";
