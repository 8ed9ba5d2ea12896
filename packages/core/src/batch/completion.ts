import { DurableConfigurationError } from "../errors/index.js";
import {
  type CompletionConfig,
  type CompletionDecision,
  CompletionOutcome,
  type CompletionReason,
  type CompletionStatus,
  type ThresholdCompletionConfig,
} from "../types/batch.js";

/** Keep the batch running (for a custom `shouldComplete`). */
export const continueBatch = (): CompletionDecision => ({ complete: false });

/** Complete the batch now, as succeeded (the default) or failed (for a custom `shouldComplete`). */
export const completeBatch = (
  outcome: CompletionOutcome = CompletionOutcome.SUCCEEDED,
): CompletionDecision => ({
  complete: true,
  outcome,
});

const THRESHOLD_KEYS = ["minSuccessful", "toleratedFailureCount", "toleratedFailurePercentage"] as const;

function isNonNegativeNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/**
 * Checks the options of `map`/`parallel` before anything is checkpointed.
 *
 * @throws DurableConfigurationError naming the bad option and a valid example.
 */
export function validateBatchConfig(
  operation: "map" | "parallel",
  config: { maxConcurrency?: number; completionConfig?: CompletionConfig } | undefined,
): void {
  const maxConcurrency = config?.maxConcurrency;
  if (maxConcurrency !== undefined && (!Number.isInteger(maxConcurrency) || maxConcurrency < 1)) {
    throw new DurableConfigurationError(
      `context.${operation}() needs maxConcurrency to be a whole number of at least 1, but got ${String(maxConcurrency)}. ` +
        "Leave it out to run every item at once, or use for example { maxConcurrency: 10 }.",
      { option: "maxConcurrency" },
    );
  }
  const completion = config?.completionConfig as Record<string, unknown> | undefined;
  if (completion === undefined) return;
  if (typeof completion !== "object" || completion === null) {
    throw new DurableConfigurationError(
      `context.${operation}() needs completionConfig to be an object, for example { minSuccessful: 1 } or { shouldComplete }.`,
      { option: "completionConfig" },
    );
  }
  const thresholds = THRESHOLD_KEYS.filter((key) => completion[key] !== undefined);
  if (completion.shouldComplete !== undefined) {
    if (typeof completion.shouldComplete !== "function") {
      throw new DurableConfigurationError(
        `context.${operation}() needs completionConfig.shouldComplete to be a function returning continueBatch() or completeBatch().`,
        { option: "completionConfig.shouldComplete" },
      );
    }
    if (thresholds.length > 0) {
      throw new DurableConfigurationError(
        `context.${operation}() got both shouldComplete and ${thresholds.join(", ")} in completionConfig. ` +
          "Use thresholds ({ minSuccessful, toleratedFailureCount, toleratedFailurePercentage }) or a custom shouldComplete, not both.",
        { option: "completionConfig" },
      );
    }
    return;
  }
  for (const key of thresholds) {
    if (
      !isNonNegativeNumber(completion[key]) ||
      (key !== "toleratedFailurePercentage" && !Number.isInteger(completion[key]))
    ) {
      throw new DurableConfigurationError(
        `context.${operation}() needs completionConfig.${key} to be a non-negative ${key === "toleratedFailurePercentage" ? "number" : "whole number"}, ` +
          `but got ${String(completion[key])}.`,
        { option: `completionConfig.${key}` },
      );
    }
  }
  const percentage = completion.toleratedFailurePercentage as number | undefined;
  if (percentage !== undefined && percentage > 100) {
    throw new DurableConfigurationError(
      `context.${operation}() needs completionConfig.toleratedFailurePercentage between 0 and 100, but got ${percentage}.`,
      { option: "completionConfig.toleratedFailurePercentage" },
    );
  }
}

/**
 * Decides whether a batch is complete, and why, by the official SDK's rule. A custom
 * `shouldComplete` replaces the thresholds. Otherwise: with no threshold set at all the first
 * failure completes the batch (fail-fast); once any threshold is set, failures stop the batch only
 * when they exceed a tolerance that is set (`minSuccessful` alone tolerates every failure). The
 * reason is, in order: tolerance exceeded, every item ended, `minSuccessful` reached.
 *
 * @returns the completion reason, or undefined to keep going.
 */
export function decideCompletion(
  config: CompletionConfig | undefined,
  status: CompletionStatus,
): CompletionReason | undefined {
  const allEnded = status.completedCount === status.totalCount;
  if (config?.shouldComplete !== undefined) {
    const decision = config.shouldComplete(status);
    if (decision?.complete === true) {
      return decision.outcome === CompletionOutcome.FAILED
        ? "CUSTOM_COMPLETION_FAILED"
        : "CUSTOM_COMPLETION_SUCCEEDED";
    }
    return allEnded ? "ALL_COMPLETED" : undefined;
  }
  const thresholds = config as ThresholdCompletionConfig | undefined;
  const minSuccessful = thresholds?.minSuccessful;
  const toleratedCount = thresholds?.toleratedFailureCount;
  const toleratedPercentage = thresholds?.toleratedFailurePercentage;
  const anyThreshold =
    minSuccessful !== undefined || toleratedCount !== undefined || toleratedPercentage !== undefined;
  const exceeded = anyThreshold
    ? (toleratedCount !== undefined && status.failureCount > toleratedCount) ||
      (toleratedPercentage !== undefined &&
        status.totalCount > 0 &&
        (status.failureCount / status.totalCount) * 100 > toleratedPercentage)
    : status.failureCount > 0;
  if (exceeded) return "FAILURE_TOLERANCE_EXCEEDED";
  if (allEnded) return "ALL_COMPLETED";
  if (minSuccessful !== undefined && status.successCount >= minSuccessful) return "MIN_SUCCESSFUL_REACHED";
  return undefined;
}
