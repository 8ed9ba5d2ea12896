/** Levels the durable logger understands. */
export const DurableLogLevel = {
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARN",
  ERROR: "ERROR",
} as const;
export type DurableLogLevel = (typeof DurableLogLevel)[keyof typeof DurableLogLevel];

/** Durable metadata of the code that is logging: the execution and the current operation. */
export interface DurableLogData {
  requestId: string;
  executionArn: string;
  tenantId?: string;
  operationId?: string;
  operationName?: string;
  attempt?: number;
  /** Hashed id of the context the record's code runs in; absent at the root. */
  parentId?: string;
  /**
   * Whether the code writing the record is replaying work an earlier invocation already did (a
   * replay-aware logger drops such records). Always false inside a step attempt, which runs live.
   */
  isReplaying?: boolean;
  [key: string]: unknown;
}

/** Handed to a custom logger so it can read the durable metadata of the current frame lazily. */
export interface DurableLoggingContext {
  getDurableLogData: () => DurableLogData;
}

/**
 * What a logger must offer to be used as `context.logger` (Powertools Logger, pino, console, …).
 * `configureDurableLoggingContext` is optional: implement it to receive durable metadata.
 */
export interface DurableLogger {
  // biome-ignore lint/suspicious/noExplicitAny: loggers accept any arguments.
  log?(level: `${DurableLogLevel}`, ...params: any): void;
  // biome-ignore lint/suspicious/noExplicitAny: loggers accept any arguments.
  error(...params: any): void;
  // biome-ignore lint/suspicious/noExplicitAny: loggers accept any arguments.
  warn(...params: any): void;
  // biome-ignore lint/suspicious/noExplicitAny: loggers accept any arguments.
  info(...params: any): void;
  // biome-ignore lint/suspicious/noExplicitAny: loggers accept any arguments.
  debug(...params: any): void;
  configureDurableLoggingContext?(durableLoggingContext: DurableLoggingContext): void;
}

/** The logger methods a durable context exposes. */
export type DurableContextLogger<Logger extends DurableLogger> = Pick<
  Logger,
  "log" | "warn" | "info" | "error" | "debug"
>;

/** Options of `context.configureLogger`. */
export interface LoggerConfig<Logger extends DurableLogger> {
  /** The logger to use instead of the default JSON logger. */
  customLogger?: Logger;
  /**
   * Suppress records while the context is replaying.
   *
   * @default true
   */
  modeAware?: boolean;
}

export interface OperationContext<Logger extends DurableLogger> {
  logger: Logger;
}

/** What a step function receives. `attempt` is 1-based. */
export interface StepContext<Logger extends DurableLogger>
  extends OperationContext<DurableContextLogger<Logger>> {
  attempt: number;
}

/** What a `waitForCondition` check receives. `attempt` is 1-based. */
export interface WaitForConditionContext<Logger extends DurableLogger>
  extends OperationContext<DurableContextLogger<Logger>> {
  attempt: number;
}

/** What a `waitForCallback` submitter receives. */
export type WaitForCallbackContext<Logger extends DurableLogger> = OperationContext<
  DurableContextLogger<Logger>
>;
