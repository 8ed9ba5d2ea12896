import {
  BatchCompletionError,
  type ChildContextError,
  DURABLE_ERROR_TYPES,
  DurableOperationError,
} from "../errors/durable-operation-error.js";
import { type BatchItem, BatchItemStatus, type BatchResult, type CompletionReason } from "../types/batch.js";
import type { Serdes } from "../types/serdes.js";

/** The reasons a custom `shouldComplete` gives; only these can fail a batch without a failed item. */
const CUSTOM_FAILED: CompletionReason = "CUSTOM_COMPLETION_FAILED";

/**
 * The {@link BatchResult} of a map or parallel operation. Counts and status are derived from the
 * items, so `JSON.stringify` of a result gives exactly what is checkpointed: `{all, completionReason}`.
 */
export class BatchResultImpl<TResult> implements BatchResult<TResult> {
  readonly all: Array<BatchItem<TResult>>;
  readonly completionReason: CompletionReason;

  constructor(all: Array<BatchItem<TResult>>, completionReason: CompletionReason) {
    this.all = all;
    this.completionReason = completionReason;
  }

  succeeded(): Array<BatchItem<TResult> & { result: TResult }> {
    return this.all.filter((item) => item.status === BatchItemStatus.SUCCEEDED) as Array<
      BatchItem<TResult> & { result: TResult }
    >;
  }

  failed(): Array<BatchItem<TResult> & { error: ChildContextError }> {
    return this.all.filter((item) => item.status === BatchItemStatus.FAILED) as Array<
      BatchItem<TResult> & { error: ChildContextError }
    >;
  }

  started(): Array<BatchItem<TResult> & { status: typeof BatchItemStatus.STARTED }> {
    return this.all.filter((item) => item.status === BatchItemStatus.STARTED) as Array<
      BatchItem<TResult> & { status: typeof BatchItemStatus.STARTED }
    >;
  }

  get status(): typeof BatchItemStatus.SUCCEEDED | typeof BatchItemStatus.FAILED {
    return this.hasFailure || this.completionReason === CUSTOM_FAILED
      ? BatchItemStatus.FAILED
      : BatchItemStatus.SUCCEEDED;
  }

  get hasFailure(): boolean {
    return this.all.some((item) => item.status === BatchItemStatus.FAILED);
  }

  throwIfError(): void {
    const failed = this.all.find((item) => item.status === BatchItemStatus.FAILED);
    if (failed !== undefined) throw failed.error;
    if (this.completionReason === CUSTOM_FAILED) throw new BatchCompletionError(this.completionReason);
  }

  getResults(): Array<TResult> {
    return this.succeeded().map((item) => item.result);
  }

  getErrors(): Array<ChildContextError> {
    return this.failed().map((item) => item.error);
  }

  get successCount(): number {
    return this.#count(BatchItemStatus.SUCCEEDED);
  }

  get failureCount(): number {
    return this.#count(BatchItemStatus.FAILED);
  }

  get startedCount(): number {
    return this.#count(BatchItemStatus.STARTED);
  }

  get totalCount(): number {
    return this.all.length;
  }

  #count(status: BatchItemStatus): number {
    let count = 0;
    for (const item of this.all) if (item.status === status) count++;
    return count;
  }
}

/**
 * A batch item with its keys in the official SDK's order (`result` or `error` first, then `index`
 * and `status`), so `JSON.stringify` of a batch result gives the same bytes on both engines.
 */
export function batchItem<TResult>(
  index: number,
  status: BatchItemStatus,
  result: TResult | undefined,
  error: ChildContextError | undefined,
): BatchItem<TResult> {
  if (result !== undefined) return { result, index, status };
  if (error !== undefined) return { error, index, status };
  return { index, status };
}

/** An item error as the batch payload stores it: type, message and the cause chain. */
interface StoredError {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
  Cause?: StoredError;
}

interface StoredItem {
  result?: unknown;
  error?: StoredError;
  index: number;
  status: BatchItemStatus;
}

/** How deep a stored cause chain goes; bounded so a cyclic `cause` cannot loop. */
const MAX_CAUSE_DEPTH = 16;

function storeError(error: unknown, depth = 0): StoredError {
  const candidate = error as {
    name?: unknown;
    errorType?: unknown;
    message?: unknown;
    errorData?: unknown;
    cause?: unknown;
  };
  const type = typeof candidate?.errorType === "string" ? candidate.errorType : candidate?.name;
  const stored: StoredError = {
    ErrorType: typeof type === "string" ? type : "Error",
    ErrorMessage: typeof candidate?.message === "string" ? candidate.message : String(error),
  };
  if (typeof candidate?.errorData === "string") stored.ErrorData = candidate.errorData;
  if (candidate?.cause !== undefined && candidate.cause !== null && depth < MAX_CAUSE_DEPTH) {
    stored.Cause = storeError(candidate.cause, depth + 1);
  }
  return stored;
}

function restoreError(stored: StoredError, depth = 0): Error {
  const cause =
    stored.Cause !== undefined && depth < MAX_CAUSE_DEPTH ? restoreError(stored.Cause, depth + 1) : undefined;
  const type = stored.ErrorType ?? "Error";
  if (DURABLE_ERROR_TYPES.has(type)) {
    const error = DurableOperationError.fromErrorObject({
      ErrorType: type,
      ErrorMessage: stored.ErrorMessage,
      ErrorData: stored.ErrorData,
    });
    // Without a stored cause the rebuilt error keeps the cause fromErrorObject gives it.
    if (cause !== undefined) error.cause = cause;
    return error;
  }
  const error = new Error(stored.ErrorMessage ?? "", cause === undefined ? undefined : { cause });
  error.name = type;
  return error;
}

/** The JSON the default serdes stores for a batch: `{all: [{result, error, index, status}], completionReason}`. */
export function batchResultToJson(result: BatchResult<unknown>): string {
  const all: StoredItem[] = result.all.map((item) => {
    const stored: Partial<StoredItem> = {};
    if (item.result !== undefined) stored.result = item.result;
    if (item.error !== undefined) stored.error = storeError(item.error);
    stored.index = item.index;
    stored.status = item.status;
    return stored as StoredItem;
  });
  return JSON.stringify({ all, completionReason: result.completionReason });
}

/** Rebuilds a {@link BatchResultImpl} from {@link batchResultToJson}'s output; item errors get their classes back. */
export function batchResultFromJson<TResult>(data: string): BatchResultImpl<TResult> {
  const parsed = JSON.parse(data) as { all?: StoredItem[]; completionReason?: CompletionReason };
  const all = (parsed.all ?? []).map((stored): BatchItem<TResult> => {
    const error = stored.error === undefined ? undefined : (restoreError(stored.error) as ChildContextError);
    return batchItem(stored.index, stored.status, stored.result as TResult | undefined, error);
  });
  return new BatchResultImpl(all, parsed.completionReason ?? "ALL_COMPLETED");
}

/** The default serdes of map and parallel results. */
// biome-ignore lint/suspicious/noExplicitAny: one serdes serves batches of every result type.
export const batchResultSerdes: Serdes<BatchResult<any>> = {
  serialize: async (value) => (value === undefined ? undefined : batchResultToJson(value)),
  deserialize: async (data) => (data === undefined ? undefined : batchResultFromJson(data)),
};

/** One character per started item in a batch summary: succeeded, failed, or still running. */
const ITEM_STATUS_CODES: Record<BatchItemStatus, string> = {
  [BatchItemStatus.SUCCEEDED]: "S",
  [BatchItemStatus.FAILED]: "F",
  [BatchItemStatus.STARTED]: "-",
};

/** What a batch over 256 KiB stores instead of its result; replay rebuilds the items from their checkpoints. */
export interface BatchSummary {
  type: string;
  totalCount: number;
  successCount: number;
  failureCount: number;
  startedCount?: number;
  completionReason: CompletionReason;
  status: string;
  itemStatuses: string;
  summary?: string;
}

export function summarizeBatch(
  type: "MapResult" | "ParallelResult",
  result: BatchResult<unknown>,
  summary: string | undefined,
): string {
  const stored: BatchSummary = {
    type,
    totalCount: result.totalCount,
    successCount: result.successCount,
    failureCount: result.failureCount,
    completionReason: result.completionReason,
    status: result.status,
    itemStatuses: result.all.map((item) => ITEM_STATUS_CODES[item.status]).join(""),
  };
  if (summary !== undefined) stored.summary = summary;
  return JSON.stringify(stored);
}

/**
 * Reads back the parts of a stored batch replay needs: from a summary (a result over 256 KiB), or
 * from a whole result kept with its items (`pluginsConfig.childOperationsDepth`), whose `all`
 * lists each item's index and status. Undefined when `data` is neither.
 */
export function readBatchSummary(
  data: string | undefined,
): { completionReason: CompletionReason; statuses: BatchItemStatus[] } | undefined {
  if (data === undefined || data === "") return undefined;
  try {
    const parsed = JSON.parse(data) as Partial<BatchSummary> & { all?: unknown };
    if (typeof parsed.completionReason !== "string") return undefined;
    if (Array.isArray(parsed.all)) {
      // Items absent from `all` (never started) count as STARTED: they do not run again.
      const statuses: BatchItemStatus[] = [];
      for (const item of parsed.all as Partial<StoredItem>[]) {
        if (typeof item?.index === "number") statuses[item.index] = item.status ?? BatchItemStatus.STARTED;
      }
      return {
        completionReason: parsed.completionReason,
        statuses: Array.from(statuses, (status) => status ?? BatchItemStatus.STARTED),
      };
    }
    if (typeof parsed.itemStatuses !== "string") return undefined;
    const statuses = [...parsed.itemStatuses].map((code) =>
      code === "S"
        ? BatchItemStatus.SUCCEEDED
        : code === "F"
          ? BatchItemStatus.FAILED
          : BatchItemStatus.STARTED,
    );
    return { completionReason: parsed.completionReason, statuses };
  } catch {
    return undefined;
  }
}
