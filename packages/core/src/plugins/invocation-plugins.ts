import { AsyncLocalStorage } from "node:async_hooks";
import { DurableOperationError } from "../errors/index.js";
import type { SuspensionMonitor, Termination } from "../invocation/suspension-monitor.js";
import type { HandlerSettlement } from "../outcome/map-outcome.js";
import type { ExecutionState } from "../state/execution-state.js";
import { type DurableExecutionInvocationOutput, InvocationStatus } from "../types/core.js";
import type { DurableLogData } from "../types/logger.js";
import {
  type AttemptEndInfo,
  AttemptEndInfoOutcome,
  type AttemptInfo,
  type ChildContextInfo,
  type CustomerFn,
  type InvocationBaseInfo,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationChangeInfo,
  type OperationInfo,
  PluginInvocationStatus,
  PluginOperationStatus,
} from "../types/plugin.js";
import type { Operation } from "../types/wire.js";
import { type OperationIdentity, operationInfo, operationInfoMap } from "./operation-info.js";
import type { HookInfo, ObservingHook, PluginRunner } from "./plugin-runner.js";

type Output = DurableExecutionInvocationOutput;

/** What an operation's end adds to its record (fields a fire-and-forget update has not written back yet). */
export interface OperationEndDetails {
  readonly status?: PluginOperationStatus;
  readonly result?: string | undefined;
  readonly error?: unknown;
  readonly isReplay?: boolean;
}

/** How the invocation ended, as seen from outcome mapping: an output, or an error Lambda retries on. */
type InvocationOutcome = { readonly output: Output } | { readonly error: unknown };

function ignore(): void {}

function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === "string" ? value : String(value));
}

interface InvocationPluginsOptions {
  readonly runner: PluginRunner;
  readonly state: ExecutionState;
  readonly monitor: SuspensionMonitor;
  readonly requestId: string;
  readonly durableExecutionArn: string;
  readonly executionInput: unknown;
  readonly isFirstInvocation: boolean;
  readonly updatedOperationIds: readonly string[];
}

/**
 * The plugins of one invocation: builds the info objects hooks receive and calls the hooks at the
 * right moments (research/official-sdk.md §6.1). Exists only when the function has plugins, so
 * every hook site costs one `undefined` check otherwise.
 *
 * `wrapInvocation` around the split lifecycle (`start`, `runHandler`, `complete`): {@link begin}
 * enters the wrap chain with a function that records the async context it is called in
 * (`AsyncLocalStorage.snapshot()`) and returns a promise that only {@link end} settles. The handler
 * and the outcome mapping run in that recorded context ({@link run}), so what a wrap sets up around
 * `fn` (a tracing segment in its own AsyncLocalStorage) is visible inside the handler, and the
 * wrap's code after `fn` runs once the response is known, before it is returned.
 *
 * Operation hooks stop once the invocation has ended (suspended, failed or completed): work still
 * running after that belongs to no invocation a plugin could report.
 */
export class InvocationPlugins {
  readonly #runner: PluginRunner;
  readonly #options: InvocationPluginsOptions;
  readonly #updated: ReadonlySet<string>;
  readonly #enriches: boolean;
  #closed = false;
  #snapshot: (<R>(fn: () => R) => R) | undefined;
  #release: { resolve(output: Output): void; reject(error: unknown): void } | undefined;
  #wrapped: Promise<unknown> | undefined;

  constructor(options: InvocationPluginsOptions) {
    this.#runner = options.runner;
    this.#options = options;
    this.#updated = new Set(options.updatedOperationIds);
    this.#enriches = options.runner.has("enrichLogContext");
  }

  // ---- invocation ------------------------------------------------------------------------------

  #baseInfo(): InvocationBaseInfo {
    const { state, requestId, durableExecutionArn, executionInput, isFirstInvocation } = this.#options;
    const info: InvocationBaseInfo = {
      requestId,
      executionArn: durableExecutionArn,
      executionInput,
      operations: operationInfoMap(state.values()),
      isFirstInvocation,
    };
    const started = state.executionOperation?.StartTimestamp;
    if (started !== undefined) info.executionStartTimestamp = started;
    return info;
  }

  /** Calls `onInvocationStart`, then enters the `wrapInvocation` chain (see the class comment). */
  async begin(): Promise<void> {
    const base = this.#baseInfo();
    const updatedOperations: Record<string, OperationInfo> = {};
    for (const id of this.#updated) {
      const operation = base.operations[id];
      if (operation !== undefined) updatedOperations[id] = operation;
    }
    const info: InvocationInfo = { ...base, updatedOperations };
    await this.#runner.notify("onInvocationStart", info);
    if (!this.#runner.has("wrapInvocation")) return;
    const response = new Promise<Output>((resolve, reject) => {
      this.#release = { resolve, reject };
    });
    response.catch(ignore);
    let entered: () => void = ignore;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    this.#wrapped = this.#runner.wrap("wrapInvocation", info, () => {
      this.#snapshot = AsyncLocalStorage.snapshot();
      entered();
      return response;
    });
    this.#wrapped.catch(ignore);
    await inside;
  }

  /** Runs `fn` in the async context the `wrapInvocation` chain called its `fn` in (or as is). */
  run<R>(fn: () => R): R {
    const snapshot = this.#snapshot;
    return snapshot === undefined ? fn() : snapshot(fn);
  }

  /**
   * Produces the response with `produce` (outcome mapping), calls `onInvocationEnd` with the status
   * it implies, and settles the `wrapInvocation` chain. Resolves or rejects like `produce`, once
   * every plugin has finished: plugins flush in `onInvocationEnd` before Lambda freezes the process.
   */
  end(
    produce: () => Promise<Output>,
    settlement: HandlerSettlement | undefined,
    termination: () => Termination | undefined,
  ): Promise<Output> {
    this.#closed = true;
    const finish = async (): Promise<Output> => {
      let output: Output;
      try {
        output = await produce();
      } catch (error) {
        await this.#runner.notify("onInvocationEnd", this.#endInfo({ error }, settlement, termination()));
        throw error;
      }
      await this.#runner.notify("onInvocationEnd", this.#endInfo({ output }, settlement, termination()));
      return output;
    };
    const release = this.#release;
    if (release === undefined) return this.run(finish);
    this.run(finish).then(release.resolve, release.reject);
    return this.#wrapped as Promise<Output>;
  }

  #endInfo(
    outcome: InvocationOutcome,
    settlement: HandlerSettlement | undefined,
    termination: Termination | undefined,
  ): InvocationEndInfo {
    const base = this.#baseInfo();
    if ("error" in outcome) {
      return { ...base, status: PluginInvocationStatus.RETRYING, executionError: asError(outcome.error) };
    }
    const output = outcome.output;
    switch (output.Status) {
      case InvocationStatus.PENDING:
        return { ...base, status: PluginInvocationStatus.PENDING };
      case InvocationStatus.SUCCEEDED:
        return {
          ...base,
          status: PluginInvocationStatus.SUCCEEDED,
          executionResult: settlement?.ok ? settlement.value : undefined,
        };
      case InvocationStatus.FAILED: {
        let error: unknown;
        if (termination?.kind === "fail") error = termination.error;
        else if (settlement !== undefined && !settlement.ok) error = settlement.error;
        else if (output.Error !== undefined) error = DurableOperationError.fromErrorObject(output.Error);
        return {
          ...base,
          status: PluginInvocationStatus.FAILED,
          executionError: asError(error ?? "The execution failed"),
        };
      }
    }
  }

  /** `data` with the keys plugins add to log records (`enrichLogContext`); existing keys win. */
  enrichLogData(data: DurableLogData): DurableLogData {
    if (!this.#enriches) return data;
    const extra = this.#runner.enrichLogContext();
    if (extra === undefined) return data;
    for (const key in extra) if (!(key in data)) data[key] = extra[key];
    return data;
  }

  // ---- operations ------------------------------------------------------------------------------

  /** Whether operation hooks still fire (the invocation has not ended). */
  get #open(): boolean {
    return !this.#closed && this.#options.monitor.termination === undefined;
  }

  /** Calls an observing hook; the call counts as running work, so the invocation cannot suspend meanwhile. */
  async #notify<Hook extends ObservingHook>(hook: Hook, info: HookInfo<Hook>): Promise<void> {
    const { monitor } = this.#options;
    monitor.beginWork();
    try {
      await this.#runner.notify(hook, info);
    } finally {
      monitor.endWork();
    }
  }

  /**
   * `onOperationStart`: a START written now (`isReplay` false, or true for a retry attempt) or an
   * operation started by an earlier invocation and resumed (true). The status is STARTED either
   * way; `record` supplies what the service recorded so far (timestamps). `attempt`: the attempt
   * about to run, for steps and condition checks.
   */
  operationStarted(
    identity: OperationIdentity,
    record: Operation | undefined,
    isReplay: boolean,
    attempt?: number,
  ): Promise<void> {
    if (!this.#open) return Promise.resolve();
    const info = operationInfo(record, identity, isReplay);
    info.status = PluginOperationStatus.STARTED;
    // A starting operation has not failed: a retry's record still holds the previous attempt's error.
    delete info.error;
    if (attempt !== undefined) info.attempt = attempt;
    return this.#notify("onOperationStart", info);
  }

  /**
   * `onOperationEnd` for an operation that ended in this invocation. `record` is its checkpointed
   * state; `end` adds what a fire-and-forget update has not written back yet.
   */
  operationEnded(
    identity: OperationIdentity,
    record: Operation | undefined,
    end: OperationEndDetails = {},
  ): Promise<void> {
    if (!this.#open) return Promise.resolve();
    const info = operationInfo(record, identity, end.isReplay ?? false);
    if (end.status !== undefined) info.status = end.status;
    if (end.result !== undefined) info.result = end.result;
    if (end.error !== undefined) info.error = asError(end.error);
    return this.#notify("onOperationEnd", info);
  }

  /**
   * `onOperationEnd` for a wait, callback or invoke found finished when the invocation started: a
   * replay (`isReplay` true) unless the service finished it since the previous invocation
   * (`UpdatedOperationIds`), in which case this invocation is the first to observe the end.
   */
  operationFoundEnded(identity: OperationIdentity, record: Operation): Promise<void> {
    if (!this.#open) return Promise.resolve();
    const info = operationInfo(record, identity, !this.#updated.has(identity.Id as string));
    return this.#notify("onOperationEnd", info);
  }

  /** `onOperationAttemptStart`; returns the info the attempt's wrap and end hooks build on. */
  async attemptStarted(
    identity: OperationIdentity,
    record: Operation | undefined,
    attempt: number,
  ): Promise<AttemptInfo> {
    const info: AttemptInfo = {
      ...operationInfo(record, identity, false),
      attempt,
      startTimestamp: new Date(),
    };
    info.status = PluginOperationStatus.STARTED;
    if (this.#open) await this.#notify("onOperationAttemptStart", info);
    return info;
  }

  /** Runs an attempt's user function through `wrapOperationAttemptFn` (called inside the attempt's frame). */
  wrapAttempt(info: AttemptInfo, fn: CustomerFn): Promise<unknown> {
    return this.#runner.wrap("wrapOperationAttemptFn", info, fn);
  }

  /** `onOperationAttemptEnd`: SUCCEEDED without `error`, FAILED with it. */
  attemptEnded(
    identity: OperationIdentity,
    record: Operation | undefined,
    attempt: number,
    failure?: { error: unknown },
  ): Promise<void> {
    if (!this.#open) return Promise.resolve();
    const info: AttemptEndInfo = {
      ...operationInfo(record, identity, false),
      attempt,
      outcome: failure === undefined ? AttemptEndInfoOutcome.SUCCEEDED : AttemptEndInfoOutcome.FAILED,
    };
    if (failure !== undefined) info.error = asError(failure.error);
    return this.#notify("onOperationAttemptEnd", info);
  }

  /**
   * Runs a child context's function through `wrapChildContextFn` (called inside the child's
   * frame). `isReplay`: the context was started by an earlier invocation; `isReplayingChildren`:
   * operations it created earlier are about to be replayed.
   */
  wrapChildContext(
    identity: OperationIdentity,
    record: Operation | undefined,
    isReplay: boolean,
    isReplayingChildren: boolean,
    fn: CustomerFn,
  ): Promise<unknown> {
    const info: ChildContextInfo = { ...operationInfo(record, identity, isReplay), isReplayingChildren };
    // A context being rebuilt keeps its SUCCEEDED record; otherwise its START is written (or on its way).
    info.status ??= PluginOperationStatus.STARTED;
    return this.#runner.wrap("wrapChildContextFn", info, fn);
  }

  /**
   * `onOperationChange` after a checkpoint response changed the status of `changed`. The
   * `operations` map (every record) is built on first read: most plugins never read it, and
   * building it on every response would make a long invocation quadratic.
   */
  operationsChanged(changed: readonly Operation[]): Promise<void> {
    if (!this.#open || changed.length === 0) return Promise.resolve();
    const state = this.#options.state;
    const updatedOperations = operationInfoMap(changed);
    let operations: Record<string, OperationInfo> | undefined;
    const info = {
      executionArn: this.#options.durableExecutionArn,
      updatedOperations,
    } as OperationChangeInfo;
    Object.defineProperty(info, "operations", {
      enumerable: true,
      get: () => (operations ??= operationInfoMap(state.values(), updatedOperations)),
    });
    return this.#runner.notify("onOperationChange", info);
  }

  /** Whether some plugin wants `onOperationChange` (the checkpoint queue then collects changes). */
  get observesChanges(): boolean {
    return this.#runner.has("onOperationChange");
  }
}
