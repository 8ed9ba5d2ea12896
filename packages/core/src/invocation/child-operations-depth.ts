import { DurableConfigurationError } from "../errors/engine-errors.js";
import type { DurableExecutionConfig } from "../types/core.js";

/**
 * The error an invalid `pluginsConfig.childOperationsDepth` fails the execution with (before the
 * handler runs, as the official SDK does), or undefined when it is valid: a non-negative integer,
 * `Infinity`, or absent.
 */
export function childOperationsDepthError(
  config: DurableExecutionConfig,
): DurableConfigurationError | undefined {
  const depth: unknown = config.pluginsConfig?.childOperationsDepth;
  if (depth === undefined || depth === Number.POSITIVE_INFINITY) return undefined;
  if (typeof depth === "number" && Number.isInteger(depth) && depth >= 0) return undefined;
  return new DurableConfigurationError(
    `pluginsConfig.childOperationsDepth must be a non-negative integer or Infinity; got ${String(depth)}. ` +
      "Use 0 to keep no finished children, 1 for the children of top-level contexts, Infinity for all.",
    { option: "pluginsConfig" },
  );
}
