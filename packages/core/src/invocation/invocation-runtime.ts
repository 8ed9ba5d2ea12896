import type { Context } from "aws-lambda";
import type { CheckpointQueue } from "../checkpoint/checkpoint-queue.js";
import type { InvocationFacts } from "../context/frames.js";
import type { InvocationPlugins } from "../plugins/invocation-plugins.js";
import type { ExecutionState } from "../state/execution-state.js";
import type { DurableLogger } from "../types/logger.js";
import type { SuspensionMonitor } from "./suspension-monitor.js";

/** Everything the operations of one invocation share. Lives exactly as long as the invocation. */
export interface InvocationRuntime {
  readonly facts: InvocationFacts;
  readonly state: ExecutionState;
  readonly queue: CheckpointQueue;
  readonly monitor: SuspensionMonitor;
  readonly lambdaContext: Context;
  /** The logger `context.logger` writes to unless the user configures another. */
  readonly defaultLogger: DurableLogger;
  /** The invocation's instrumentation plugins; undefined when the function has none. */
  readonly plugins?: InvocationPlugins | undefined;
  /**
   * With the `strictSerdes` option: finds what in a value for the default serdes would not survive
   * JSON unchanged (loaded only when the option is on).
   */
  readonly findNonJsonValue: ((value: unknown, root: string) => string | undefined) | undefined;
  /** Hands `logger` the durable logging context (its `configureDurableLoggingContext` hook). */
  attachLogger(logger: DurableLogger): void;
}
