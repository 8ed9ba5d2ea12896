import type { DurableOperationError } from "../errors/durable-operation-error.js";
import type { DurableContext } from "./durable-context.js";
import type { DurableLogger } from "./logger.js";
import type { Serdes } from "./serdes.js";

/** Options of `context.runInChildContext`. */
export interface ChildConfig<T> {
  /**
   * How the result is stored.
   *
   * @default the context's serdes, JSON
   */
  serdes?: Serdes<T>;
  /**
   * The operation's SubType on the wire.
   *
   * @default RunInChildContext
   */
  subType?: string;
  /**
   * Payload stored instead of a result over 256 KiB (the full result is rebuilt by replaying the
   * child's operations).
   *
   * @default an empty payload
   */
  summaryGenerator?: (result: T) => string;
  /**
   * Maps the child's failure to the error the caller sees.
   *
   * @default ChildContextError
   */
  errorMapper?: (originalError: DurableOperationError) => DurableOperationError;
  /** Run without a checkpointed CONTEXT operation of its own; children hang off the parent. */
  virtualContext?: boolean;
}

/** A child context's function. */
export type ChildFunc<T, Logger extends DurableLogger = DurableLogger> = (
  context: DurableContext<Logger>,
) => Promise<T>;
