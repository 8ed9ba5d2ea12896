import type { ChildContextError } from "../errors/durable-operation-error.js";
import type { DurableContext } from "./durable-context.js";
import type { DurableLogger } from "./logger.js";
import type { Serdes } from "./serdes.js";

/** How the items of a map or parallel operation appear in the checkpoints. */
export const NestingType = {
  /** Each item is a CONTEXT operation of its own (the default). */
  NESTED: "NESTED",
  /** Items are not checkpointed; their operations hang directly off the map/parallel context. */
  FLAT: "FLAT",
} as const;
export type NestingType = (typeof NestingType)[keyof typeof NestingType];

/** The status of one item in a {@link BatchResult}. */
export const BatchItemStatus = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  /** Still running when the batch completed early; its later checkpoints were dropped. */
  STARTED: "STARTED",
} as const;
export type BatchItemStatus = (typeof BatchItemStatus)[keyof typeof BatchItemStatus];

/** The outcome a custom `shouldComplete` gives a batch it completes. */
export const CompletionOutcome = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
} as const;
export type CompletionOutcome = (typeof CompletionOutcome)[keyof typeof CompletionOutcome];

/** Why a batch completed. */
export type CompletionReason =
  | "ALL_COMPLETED"
  | "MIN_SUCCESSFUL_REACHED"
  | "FAILURE_TOLERANCE_EXCEEDED"
  | "CUSTOM_COMPLETION_SUCCEEDED"
  | "CUSTOM_COMPLETION_FAILED";

/** One item of a batch: the items that were started, in index order. */
export interface BatchItem<TResult> {
  result?: TResult;
  error?: ChildContextError;
  /** The item's position in the input array (or the branch list). */
  index: number;
  status: BatchItemStatus;
}

/**
 * The result of `context.map` and `context.parallel`. A failed item never makes the operation
 * reject: inspect the result, or call {@link throwIfError}.
 */
export interface BatchResult<TResult> {
  /** Every started item, in index order. Items never started (early completion) are absent. */
  all: Array<BatchItem<TResult>>;
  succeeded(): Array<BatchItem<TResult> & { result: TResult }>;
  failed(): Array<BatchItem<TResult> & { error: ChildContextError }>;
  started(): Array<BatchItem<TResult> & { status: typeof BatchItemStatus.STARTED }>;
  /** FAILED when an item failed or a custom rule completed the batch as failed. */
  status: typeof BatchItemStatus.SUCCEEDED | typeof BatchItemStatus.FAILED;
  completionReason: CompletionReason;
  hasFailure: boolean;
  /** Throws the first item error, or a `BatchCompletionError` when a custom rule failed the batch. */
  throwIfError(): void;
  /** Results of the succeeded items, in index order. */
  getResults(): Array<TResult>;
  /** Errors of the failed items, in index order. */
  getErrors(): Array<ChildContextError>;
  successCount: number;
  failureCount: number;
  startedCount: number;
  totalCount: number;
}

/** What a custom `shouldComplete` returns: keep going, or complete with an outcome. */
export type CompletionDecision = { complete: false } | { complete: true; outcome?: CompletionOutcome };

/** Completion by thresholds. With none set, the batch fails fast on the first failed item. */
export interface ThresholdCompletionConfig {
  /** Complete as soon as this many items succeeded. */
  minSuccessful?: number;
  /** Complete when more than this many items failed. */
  toleratedFailureCount?: number;
  /** Complete when more than this percentage of all items failed. */
  toleratedFailurePercentage?: number;
  shouldComplete?: never;
}

/** Completion decided by a function, called before the first item starts and after each item ends. */
export interface CustomCompletionConfig {
  shouldComplete: (status: CompletionStatus) => CompletionDecision;
  minSuccessful?: never;
  toleratedFailureCount?: never;
  toleratedFailurePercentage?: never;
}

export type CompletionConfig = ThresholdCompletionConfig | CustomCompletionConfig;

/** One item as `shouldComplete` sees it; `status` is absent until the item ends. */
export interface CompletionItemStatus {
  index: number;
  name?: string;
  status?: BatchItemStatus;
}

/** The batch as `shouldComplete` sees it. */
export interface CompletionStatus {
  successCount: number;
  failureCount: number;
  completedCount: number;
  totalCount: number;
  /** Every item, in index order. */
  items: readonly CompletionItemStatus[];
}

/** The function `context.map` runs for each item, in a child context of its own. */
export type MapFunc<TInput, TOutput, Logger extends DurableLogger = DurableLogger> = (
  context: DurableContext<Logger>,
  item: TInput,
  index: number,
  array: TInput[],
) => Promise<TOutput>;

/** Options of `context.map`. */
export interface MapConfig<TItem, TResult> {
  /**
   * How many items run at once.
   *
   * @default all
   */
  maxConcurrency?: number;
  /**
   * The name of each item's context.
   *
   * @default map-item-<index>
   */
  itemNamer?: (item: TItem, index: number) => string;
  /**
   * How the whole {@link BatchResult} is stored.
   *
   * @default JSON
   */
  serdes?: Serdes<BatchResult<TResult>>;
  /**
   * How each item's result is stored.
   *
   * @default the context's serdes
   */
  itemSerdes?: Serdes<TResult>;
  /**
   * When the batch completes.
   *
   * @default when every item ended, or at the first failure
   */
  completionConfig?: CompletionConfig;
  /** Extra text stored with a result over 256 KiB, under the summary's `summary` key. */
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  /**
   * Whether items are checkpointed as contexts of their own.
   *
   * @default NESTED
   */
  nesting?: NestingType;
}

/** A branch of `context.parallel`. */
export type ParallelFunc<TResult, Logger extends DurableLogger = DurableLogger> = (
  context: DurableContext<Logger>,
) => Promise<TResult>;

/** A branch of `context.parallel` with a name (the name of its context). */
export interface NamedParallelBranch<TResult, Logger extends DurableLogger = DurableLogger> {
  name?: string;
  func: ParallelFunc<TResult, Logger>;
}

/** Options of `context.parallel`: those of {@link MapConfig} without `itemNamer`. */
export interface ParallelConfig<TResult> {
  maxConcurrency?: number;
  serdes?: Serdes<BatchResult<TResult>>;
  itemSerdes?: Serdes<TResult>;
  completionConfig?: CompletionConfig;
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  nesting?: NestingType;
}
