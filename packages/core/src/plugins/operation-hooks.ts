import type { SuspensionMonitor } from "../invocation/suspension-monitor.js";
import type { ExecutionState } from "../state/execution-state.js";
import type { Operation } from "../types/wire.js";
import { asError } from "./invocation-end-info.js";
import {
  type ErrorFromObject,
  type OperationIdentity,
  operationInfo,
  operationInfoMap,
} from "./operation-info.js";
import type { HookInfo, ObservingHook, PluginRunner } from "./plugin-runner.js";
import {
  type AttemptEndInfo,
  AttemptEndInfoOutcome,
  type AttemptInfo,
  type ChildContextInfo,
  type CustomerFn,
  type OperationChangeInfo,
  type OperationInfo,
  PluginOperationStatus,
} from "./types.js";

/** What an operation's end adds to its record (fields a fire-and-forget update has not written back yet). */
export interface OperationEndDetails {
  readonly status?: PluginOperationStatus;
  readonly result?: string | undefined;
  readonly error?: unknown;
  readonly isReplay?: boolean;
}

/** The facts of one invocation that plugin hooks report. */
export interface InvocationPluginsOptions {
  readonly runner: PluginRunner;
  readonly state: ExecutionState;
  readonly monitor: SuspensionMonitor;
  readonly requestId: string;
  readonly durableExecutionArn: string;
  readonly executionInput: unknown;
  readonly isFirstInvocation: boolean;
  readonly updatedOperationIds: readonly string[];
  /** Rebuilds stored errors for the info objects (`DurableOperationError.fromErrorObject`). */
  readonly errorFromObject: ErrorFromObject;
}

/**
 * The operation hooks of one invocation's plugins: builds the info each hook receives from the
 * operation's record and identity, and calls the hook. Hooks stop once the invocation has ended
 * (suspended, failed or completed, or {@link close}d): work still running after that belongs to no
 * invocation a plugin could report.
 */
export class OperationHooks {
  readonly #runner: PluginRunner;
  readonly #options: InvocationPluginsOptions;
  readonly #updated: ReadonlySet<string>;
  #closed = false;

  constructor(options: InvocationPluginsOptions) {
    this.#runner = options.runner;
    this.#options = options;
    this.#updated = new Set(options.updatedOperationIds);
  }

  /** The ids the service changed since the previous invocation (`UpdatedOperationIds`). */
  protected get updatedOperationIds(): ReadonlySet<string> {
    return this.#updated;
  }

  /** Stops the operation hooks: the invocation's response has been produced. */
  protected close(): void {
    this.#closed = true;
  }

  /** Whether operation hooks still fire (the invocation has not ended). */
  get #open(): boolean {
    return !this.#closed && this.#options.monitor.termination === undefined;
  }

  /**
   * Calls an observing hook; the call counts as running work, so the invocation cannot suspend
   * meanwhile. Settles when the runner's call does, with no extra turn (see settle-turns.ts).
   */
  #notify<Hook extends ObservingHook, Info extends HookInfo<Hook>>(hook: Hook, info: Info): Promise<Info> {
    const { monitor } = this.#options;
    monitor.beginWork();
    const done = this.#runner.notify(hook, info);
    const end = (): void => monitor.endWork();
    done.then(end, end);
    return done;
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
  ): Promise<unknown> {
    if (!this.#open) return Promise.resolve();
    const info = operationInfo(record, identity, isReplay, this.#options.errorFromObject);
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
  ): Promise<unknown> {
    if (!this.#open) return Promise.resolve();
    const info = operationInfo(record, identity, end.isReplay ?? false, this.#options.errorFromObject);
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
  operationFoundEnded(identity: OperationIdentity, record: Operation): Promise<unknown> {
    if (!this.#open) return Promise.resolve();
    const info = operationInfo(
      record,
      identity,
      !this.#updated.has(identity.Id as string),
      this.#options.errorFromObject,
    );
    return this.#notify("onOperationEnd", info);
  }

  /** `onOperationAttemptStart`; returns the info the attempt's wrap and end hooks build on. */
  attemptStarted(
    identity: OperationIdentity,
    record: Operation | undefined,
    attempt: number,
  ): Promise<AttemptInfo> {
    const info: AttemptInfo = {
      ...operationInfo(record, identity, false, this.#options.errorFromObject),
      attempt,
      startTimestamp: new Date(),
    };
    info.status = PluginOperationStatus.STARTED;
    return this.#open ? this.#notify("onOperationAttemptStart", info) : Promise.resolve(info);
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
  ): Promise<unknown> {
    if (!this.#open) return Promise.resolve();
    const info: AttemptEndInfo = {
      ...operationInfo(record, identity, false, this.#options.errorFromObject),
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
    const info: ChildContextInfo = {
      ...operationInfo(record, identity, isReplay, this.#options.errorFromObject),
      isReplayingChildren,
    };
    // A context being rebuilt keeps its SUCCEEDED record; otherwise its START is written (or on its way).
    info.status ??= PluginOperationStatus.STARTED;
    return this.#runner.wrap("wrapChildContextFn", info, fn);
  }

  /**
   * `onOperationChange` after a checkpoint response changed the status of `changed`. The
   * `operations` map (every record) is built on first read: most plugins never read it, and
   * building it on every response would make a long invocation quadratic.
   */
  operationsChanged(changed: readonly Operation[]): Promise<unknown> {
    if (!this.#open || changed.length === 0) return Promise.resolve();
    const state = this.#options.state;
    const updatedOperations = operationInfoMap(changed, this.#options.errorFromObject);
    let operations: Record<string, OperationInfo> | undefined;
    const info = {
      executionArn: this.#options.durableExecutionArn,
      updatedOperations,
    } as OperationChangeInfo;
    Object.defineProperty(info, "operations", {
      enumerable: true,
      get: () =>
        (operations ??= operationInfoMap(state.values(), this.#options.errorFromObject, updatedOperations)),
    });
    return this.#runner.notify("onOperationChange", info);
  }

  /** Whether some plugin wants `onOperationChange` (the checkpoint queue then collects changes). */
  get observesChanges(): boolean {
    return this.#runner.has("onOperationChange");
  }
}
