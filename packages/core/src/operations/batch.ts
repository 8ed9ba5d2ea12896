import {
  BatchResultImpl,
  batchItem,
  batchResultSerdes,
  readBatchSummary,
  summarizeBatch,
} from "../batch/batch-result.js";
import { decideCompletion, validateBatchConfig } from "../batch/completion.js";
import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { argumentError, describe, requireFunction } from "../context/operation-arguments.js";
import {
  type ChildContextError,
  DurableConfigurationError,
  isSuspension,
  UnrecoverableError,
} from "../errors/index.js";
import {
  type BatchItem,
  BatchItemStatus,
  type BatchResult,
  type CompletionItemStatus,
  type CompletionReason,
  type MapConfig,
  type MapFunc,
  type NamedParallelBranch,
  NestingType,
  type ParallelConfig,
  type ParallelFunc,
} from "../types/batch.js";
import type { ChildConfig } from "../types/child-context.js";
import { OperationSubType } from "../types/core.js";
import type { DurableContext } from "../types/durable-context.js";
import type { DurableLogger } from "../types/logger.js";
import type { Serdes } from "../types/serdes.js";
import { OperationStatus } from "../types/wire.js";
import { runChildContext } from "./child-context.js";
import {
  afterTurns,
  BATCH_CLOSE_TURNS,
  BATCH_RETURN_TURNS,
  EMPTY_BATCH_CLOSE_TURNS,
  ITEM_SETTLE_TURNS,
} from "./settle-turns.js";

/** One item of a batch: its context name and the function that runs it in its child context. */
export interface BatchItemSpec<TResult> {
  readonly name: string | undefined;
  readonly run: (child: ContextScope) => Promise<TResult>;
}

/** What distinguishes map from parallel on the wire. */
export interface BatchKind {
  readonly subType: string;
  readonly itemSubType: string;
  readonly summaryType: "MapResult" | "ParallelResult";
}

export const MAP_KIND: BatchKind = {
  subType: OperationSubType.MAP,
  itemSubType: OperationSubType.MAP_ITERATION,
  summaryType: "MapResult",
};

export const PARALLEL_KIND: BatchKind = {
  subType: OperationSubType.PARALLEL,
  itemSubType: OperationSubType.PARALLEL_BRANCH,
  summaryType: "ParallelResult",
};

/** The options map and parallel share (map adds `itemNamer`, used before the batch starts). */
export type BatchOptions<TResult> = ParallelConfig<TResult>;

interface ItemOutcome<TResult> {
  status: BatchItemStatus;
  result?: TResult;
  error?: ChildContextError;
}

/**
 * `context.map` and `context.parallel`: one
 * CONTEXT operation (SubType Map or Parallel) whose items run as child contexts, at most
 * `maxConcurrency` at a time, started strictly in index order. The batch completes as soon as the
 * completion rule says so; items still running are reported STARTED and their later writes are
 * dropped. A result over 256 KiB is stored as a summary and rebuilt on replay from the items'
 * checkpoints.
 */
export function runBatch<TResult>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  kind: BatchKind,
  items: readonly BatchItemSpec<TResult>[],
  options: BatchOptions<TResult> | undefined,
): Promise<BatchResult<TResult>> {
  const summaryGenerator = options?.summaryGenerator;
  const config: ChildConfig<BatchResult<TResult>> = {
    subType: kind.subType,
    serdes: options?.serdes ?? (batchResultSerdes as Serdes<BatchResult<TResult>>),
    summaryGenerator: (result) => summarizeBatch(kind.summaryType, result, summaryGenerator?.(result)),
  };
  const completed = runChildContext(
    scope,
    ids,
    name,
    async (batchScope) =>
      // The batch's context ends as many turns after its completion as in the official SDK: an item
      // ending in between still records its end (the result reports it STARTED).
      afterTurns(
        runItems(batchScope, ids, kind, items, options),
        items.length === 0 ? EMPTY_BATCH_CLOSE_TURNS : BATCH_CLOSE_TURNS,
      ),
    config,
  );
  return afterTurns(completed, BATCH_RETURN_TURNS);
}

function runItems<TResult>(
  batchScope: ContextScope,
  batchIds: OperationIds,
  kind: BatchKind,
  items: readonly BatchItemSpec<TResult>[],
  options: BatchOptions<TResult> | undefined,
): Promise<BatchResult<TResult>> {
  const { state, monitor } = batchScope.runtime;
  const record = state.get(batchIds.hashed);
  // A completed batch whose result was too large to store: rebuild the items it recorded.
  const recorded =
    record?.Status === OperationStatus.SUCCEEDED && record.ContextDetails?.ReplayChildren === true
      ? readBatchSummary(record.ContextDetails.Result)
      : undefined;
  const total = items.length;
  const maxConcurrency = recorded !== undefined ? total : (options?.maxConcurrency ?? total);
  const itemConfig: ChildConfig<TResult> = {
    subType: kind.itemSubType,
    virtualContext: options?.nesting === NestingType.FLAT,
  };
  if (options?.itemSerdes !== undefined) itemConfig.serdes = options.itemSerdes;

  const outcomes: Array<ItemOutcome<TResult> | undefined> = new Array(total);
  const itemStatuses: CompletionItemStatus[] = items.map((item, index) =>
    item.name === undefined ? { index } : { index, name: item.name },
  );
  let next = 0;
  let active = 0;
  let successCount = 0;
  let failureCount = 0;
  let done = false;

  return new Promise<BatchResult<TResult>>((resolve, reject) => {
    const finish = (reason: CompletionReason): void => {
      done = true;
      // Items still running are reported STARTED. Their writes are dropped once the batch's context
      // records its result (runChildContext marks it completed before serializing).
      const all: Array<BatchItem<TResult>> = [];
      for (let index = 0; index < next; index++) {
        const outcome = outcomes[index];
        all.push(
          batchItem(index, outcome?.status ?? BatchItemStatus.STARTED, outcome?.result, outcome?.error),
        );
      }
      resolve(new BatchResultImpl(all, reason));
    };

    const decide = (): boolean => {
      if (recorded !== undefined) {
        if (active > 0) return false;
        finish(recorded.completionReason);
        return true;
      }
      const reason = decideCompletion(options?.completionConfig, {
        successCount,
        failureCount,
        completedCount: successCount + failureCount,
        totalCount: total,
        items: itemStatuses,
      });
      if (reason === undefined) return false;
      finish(reason);
      return true;
    };

    const settle = (index: number, outcome: ItemOutcome<TResult>): void => {
      if (done) return;
      active--;
      outcomes[index] = outcome;
      (itemStatuses[index] as CompletionItemStatus).status = outcome.status;
      if (outcome.status === BatchItemStatus.SUCCEEDED) successCount++;
      else failureCount++;
      try {
        if (!decide()) launch();
      } catch (error) {
        done = true;
        reject(error);
      }
    };

    const start = (index: number): void => {
      const item = items[index] as BatchItemSpec<TResult>;
      const itemIds = batchScope.nextOperationIds();
      if (recorded !== undefined && recorded.statuses[index] === BatchItemStatus.STARTED) {
        // Still running when the batch completed: it stays STARTED and does not run again.
        return;
      }
      active++;
      afterTurns(
        runChildContext(batchScope, itemIds, item.name, item.run, itemConfig),
        ITEM_SETTLE_TURNS,
      ).then(
        (result) => settle(index, { status: BatchItemStatus.SUCCEEDED, result }),
        (error: unknown) => {
          if (
            isSuspension(error) ||
            error instanceof UnrecoverableError ||
            monitor.termination !== undefined
          ) {
            if (!done) {
              done = true;
              reject(error);
            }
            return;
          }
          settle(index, { status: BatchItemStatus.FAILED, error: error as ChildContextError });
        },
      );
    };

    const launch = (): void => {
      const limit = recorded !== undefined ? recorded.statuses.length : total;
      while (!done && active < maxConcurrency && next < limit) start(next++);
    };

    try {
      if (recorded !== undefined) {
        // Rebuilding: re-drive every item that ended, then complete with the recorded reason.
        launch();
        decide();
      } else if (total === 0 || options?.completionConfig?.shouldComplete !== undefined) {
        // Thresholds are only checked when an item ends; a custom rule may complete before any starts.
        if (!decide()) launch();
      } else launch();
    } catch (error) {
      done = true;
      reject(error);
    }
  });
}

/** Creates the durable context an item's function receives, from the item's scope. */
export type ItemContextFactory<TLogger extends DurableLogger> = (
  scope: ContextScope,
) => DurableContext<TLogger>;

const MAP_USAGE = 'Call it as context.map("name", items, async (ctx, item, index) => …).';

/**
 * The items of `context.map`, after checking its arguments: one per element of `items`, named by
 * `itemNamer` (or `map-item-<index>`), running `mapFunc` in the item's context.
 *
 * @throws {@link DurableConfigurationError} for a missing array or function, or a bad option.
 */
export function mapItemSpecs<TInput, TOutput, TLogger extends DurableLogger>(
  items: unknown,
  mapFunc: unknown,
  config: MapConfig<TInput, TOutput> | undefined,
  contextFor: ItemContextFactory<TLogger>,
): BatchItemSpec<TOutput>[] {
  if (!Array.isArray(items)) throw argumentError("context.map()", "an array of items", items, MAP_USAGE);
  requireFunction(mapFunc, "context.map()", "a function to run for each item", MAP_USAGE);
  const namer = config?.itemNamer;
  if (namer !== undefined && typeof namer !== "function") {
    throw new DurableConfigurationError(
      "context.map() needs itemNamer to be a function (item, index) => string.",
    );
  }
  validateBatchConfig("map", config);
  const list = items as TInput[];
  const run = mapFunc as MapFunc<TInput, TOutput, TLogger>;
  return list.map((item, index) => ({
    name: namer?.(item, index) ?? `map-item-${index}`,
    // An async function returning the item's promise: its result arrives as many turns later as
    // in the official SDK (see settle-turns.ts).
    run: async (childScope) => run(contextFor(childScope), item, index, list),
  }));
}

/**
 * The items of `context.parallel`, after checking its arguments: one per branch (a function or
 * `{ name, func }`), named by the branch (or `parallel-branch-<index>`).
 *
 * @throws {@link DurableConfigurationError} for a missing array, a bad branch or a bad option.
 */
export function parallelItemSpecs<TOutput, TLogger extends DurableLogger>(
  branches: unknown,
  config: ParallelConfig<TOutput> | undefined,
  contextFor: ItemContextFactory<TLogger>,
): BatchItemSpec<TOutput>[] {
  if (!Array.isArray(branches)) {
    throw argumentError(
      "context.parallel()",
      "an array of branches",
      branches,
      'Call it as context.parallel("name", [async (ctx) => …, { name: "b", func: async (ctx) => … }]).',
    );
  }
  const specs: BatchItemSpec<TOutput>[] = [];
  for (const [index, branch] of branches.entries()) {
    const named =
      typeof branch === "function" ? undefined : (branch as NamedParallelBranch<TOutput, TLogger> | null);
    const func = named === undefined ? branch : named?.func;
    if (typeof func !== "function") {
      throw new DurableConfigurationError(
        `context.parallel() branch ${index} must be a function or { name, func }, but got ${describe(branch)}.`,
      );
    }
    specs.push({
      name: named?.name ?? `parallel-branch-${index}`,
      // Awaited inside an async function: the branch's result arrives as many turns later as in
      // the official SDK (see settle-turns.ts).
      run: async (childScope) => {
        const result = await (func as ParallelFunc<TOutput, TLogger>)(contextFor(childScope));
        return result;
      },
    });
  }
  validateBatchConfig("parallel", config);
  return specs;
}
