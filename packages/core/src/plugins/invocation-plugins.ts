import { AsyncLocalStorage } from "node:async_hooks";
import type { Termination } from "../invocation/suspension-monitor.js";
import type { HandlerSettlement } from "../outcome/map-outcome.js";
import type { DurableExecutionInvocationOutput } from "../types/core.js";
import type { DurableLogData } from "../types/logger.js";
import { type InvocationOutcome, invocationEndInfo } from "./invocation-end-info.js";
import { enrichLogData } from "./log-enrichment.js";
import { type InvocationPluginsOptions, OperationHooks } from "./operation-hooks.js";
import { operationInfoMap } from "./operation-info.js";
import type { PluginRunner } from "./plugin-runner.js";
import type { InvocationBaseInfo, InvocationEndInfo, InvocationInfo, OperationInfo } from "./types.js";

export type { InvocationPluginsOptions, OperationEndDetails } from "./operation-hooks.js";

type Output = DurableExecutionInvocationOutput;

function ignore(): void {}

/**
 * The plugins of one invocation: builds the info objects hooks receive and calls the hooks at the
 * moments the official SDK's plugin API defines. Exists only when the function has plugins, so
 * every hook site costs one `undefined` check otherwise.
 *
 * `wrapInvocation` around the split lifecycle (`start`, `runHandler`, `complete`): {@link begin}
 * enters the wrap chain with a function that records the async context it is called in
 * (`AsyncLocalStorage.snapshot()`) and returns a promise that only {@link end} settles. The handler
 * and the outcome mapping run in that recorded context ({@link run}), so what a wrap sets up around
 * `fn` (a tracing segment in its own AsyncLocalStorage) is visible inside the handler, and the
 * wrap's code after `fn` runs once the response is known, before it is returned.
 *
 * The operation hooks are inherited from {@link OperationHooks}.
 */
export class InvocationPlugins extends OperationHooks {
  readonly #runner: PluginRunner;
  readonly #options: InvocationPluginsOptions;
  readonly #enriches: boolean;
  #snapshot: (<R>(fn: () => R) => R) | undefined;
  #release: { resolve(output: Output): void; reject(error: unknown): void } | undefined;
  #wrapped: Promise<unknown> | undefined;

  constructor(options: InvocationPluginsOptions) {
    super(options);
    this.#runner = options.runner;
    this.#options = options;
    this.#enriches = options.runner.has("enrichLogContext");
  }

  #baseInfo(): InvocationBaseInfo {
    const { state, requestId, durableExecutionArn, executionInput, isFirstInvocation } = this.#options;
    const info: InvocationBaseInfo = {
      requestId,
      executionArn: durableExecutionArn,
      executionInput,
      operations: operationInfoMap(state.values(), this.#options.errorFromObject),
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
    for (const id of this.updatedOperationIds) {
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
    const finish = async (): Promise<Output> => {
      let output: Output;
      try {
        output = await produce();
      } catch (error) {
        this.close();
        await this.#runner.notify("onInvocationEnd", this.#endInfo({ error }, settlement, termination()));
        throw error;
      }
      // Operation hooks stop once the response is produced: the last checkpoint's status changes
      // reach onOperationChange, as in the official SDK.
      this.close();
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
    return invocationEndInfo(
      this.#baseInfo(),
      outcome,
      settlement,
      termination,
      this.#options.errorFromObject,
    );
  }

  /** `data` with the keys plugins add to log records (`enrichLogContext`); existing keys win. */
  enrichLogData(data: DurableLogData): DurableLogData {
    return this.#enriches ? enrichLogData(this.#runner, data) : data;
  }

  // ---- operations ------------------------------------------------------------------------------
}
