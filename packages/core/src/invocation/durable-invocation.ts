import type { Context } from "aws-lambda";
import { CheckpointQueue } from "../checkpoint/checkpoint-queue.js";
import { ContextScope } from "../context/context-scope.js";
import { DurableContextImpl } from "../context/durable-context.js";
import { currentDurableLogData, type InvocationFacts, operationFrames } from "../context/frames.js";
import { loadOperations } from "../envelope/load-operations.js";
import { parseEnvelope } from "../envelope/parse-envelope.js";
import {
  CheckpointUnrecoverableExecutionError,
  DurableOperationError,
  InvalidDurableEventError,
} from "../errors/index.js";
import { type HandlerSettlement, mapOutcome } from "../outcome/map-outcome.js";
import type { InvocationPlugins } from "../plugins/invocation-plugins.js";
import { preparePlugins } from "../plugins/loading/prepare-plugins.js";
import type { PluginRunner } from "../plugins/plugin-runner.js";
import { RedriveError } from "../redrive/redrive-errors.js";
import { RedriveNaming } from "../redrive/redrive-naming.js";
import type { RedriveSeed } from "../redrive/redrive-seed.js";
import { ExecutionState } from "../state/execution-state.js";
import type {
  DurableExecutionConfig,
  DurableExecutionHandler,
  DurableExecutionInvocationOutput,
} from "../types/core.js";
import type { DurableContext } from "../types/durable-context.js";
import type { DurableLogData, DurableLogger, DurableLoggingContext } from "../types/logger.js";
import type { WireOperation } from "../types/wire.js";
import { chooseClient } from "./execution-config.js";
import type { InvocationRuntime } from "./invocation-runtime.js";
import { SuspensionMonitor, type Termination } from "./suspension-monitor.js";

/** Assumed remaining time when the Lambda context cannot tell (a hand-made context in a test). */
const UNKNOWN_REMAINING_TIME_MS = 15 * 60 * 1000;

/** The config of front ends that pass none: one object, so its plugins are loaded once. */
const NO_CONFIG: DurableExecutionConfig = Object.freeze({});

function parseInput(operations: readonly WireOperation[], state: ExecutionState): unknown {
  const payload = state.executionOperation?.ExecutionDetails?.InputPayload;
  if (payload === undefined || payload.trim() === "") return {};
  try {
    return JSON.parse(payload);
  } catch (cause) {
    throw new InvalidDurableEventError(
      "ExecutionDetails.InputPayload",
      `is not valid JSON (${(cause as Error).message}; ${operations.length} operations loaded)`,
      { cause },
    );
  }
}

function remainingTimeOf(lambdaContext: Context): () => number {
  return () =>
    typeof lambdaContext?.getRemainingTimeInMillis === "function"
      ? lambdaContext.getRemainingTimeInMillis()
      : UNKNOWN_REMAINING_TIME_MS;
}

/**
 * The root context's budget for keeping children: a context sets `ReplayChildren` when its own
 * budget (its parent's minus one) is at least 1, so the root starts one above the depth.
 */
function rootPreserveChildDepth(config: DurableExecutionConfig): number {
  const depth = config.pluginsConfig?.childOperationsDepth ?? 0;
  return depth > 0 ? depth + 1 : 0;
}

/**
 * One durable invocation, independent of any framework: front ends start it from the Lambda event
 * and context, run the user's handler with {@link input} and {@link context}, and complete it with
 * the handler's outcome to get the response for Lambda.
 *
 * @example
 * ```ts
 * const invocation = await DurableInvocation.start(event, lambdaContext, config);
 * if (invocation.termination) return invocation.complete();
 * try {
 *   return await invocation.complete({ ok: true, value: await myHandler(invocation.input, invocation.context) });
 * } catch (error) {
 *   return invocation.complete({ ok: false, error });
 * }
 * ```
 */
export class DurableInvocation<TEvent = unknown> {
  readonly #runtime: InvocationRuntime;
  readonly #terminated: Promise<Termination>;
  #completion: Promise<DurableExecutionInvocationOutput> | undefined;
  /** The user's event (the execution's input payload). */
  readonly input: TEvent;
  /** The root durable context for the handler. */
  readonly context: DurableContext;
  /** Whether this is the first invocation of the execution (nothing to replay). */
  readonly isFirstInvocation: boolean;
  /** Hashed ids of operations the service changed since the previous invocation. */
  readonly updatedOperationIds: readonly string[];

  private constructor(
    runtime: InvocationRuntime,
    terminated: Promise<Termination>,
    input: TEvent,
    updated: readonly string[],
    preserveChildDepth: number,
  ) {
    this.#runtime = runtime;
    this.#terminated = terminated;
    this.input = input;
    this.updatedOperationIds = updated;
    this.isFirstInvocation = !runtime.state.startedWithHistory;
    const logger = runtime.defaultLogger;
    this.context = new DurableContextImpl(
      new ContextScope(runtime, undefined, undefined, {
        serdes: {},
        logger,
        modeAware: true,
        preserveChildDepth,
      }),
    );
  }

  /**
   * Validates the envelope, chooses the transport and loads the whole execution state.
   *
   * @throws InvalidDurableEventError when the event is not a durable envelope (a Lambda error).
   * @throws CheckpointUnrecoverableInvocationError when the state could not be loaded but a new
   *   invocation may succeed (Lambda retries). When the failure is permanent, or a plugin module
   *   cannot be loaded (`PluginLoadError`), the returned invocation is already terminated and
   *   {@link complete} reports FAILED.
   *
   * Plugins (`config.plugins`, then `DURABLE_EXECUTION_PLUGINS`) are loaded once per config object;
   * `onInvocationStart` and `wrapInvocation` have been entered when the promise resolves.
   */
  static async start<TEvent = unknown>(
    event: unknown,
    lambdaContext: Context,
    config: DurableExecutionConfig = NO_CONFIG,
  ): Promise<DurableInvocation<TEvent>> {
    const envelope = parseEnvelope(event);
    const client = chooseClient(envelope.embeddedClient, config);
    let operations: WireOperation[] = envelope.operations;
    // A failure that makes the invocation FAILED before the handler runs.
    let failure: unknown;
    let runner: PluginRunner | undefined;
    // With plugins only: the invocation-side plugin code is a chunk of its own.
    let pluginsClass: typeof InvocationPlugins | undefined;
    const preparing = preparePlugins(config);
    if (preparing !== undefined) {
      try {
        runner = await preparing;
        if (runner !== undefined) {
          pluginsClass = (await import("../plugins/invocation-plugins.js")).InvocationPlugins;
        }
      } catch (error) {
        // A plugin that cannot be loaded fails every invocation, before the state is read.
        failure = error;
      }
    }
    if (failure === undefined) {
      try {
        operations = await loadOperations(envelope, client);
      } catch (error) {
        if (!(error instanceof CheckpointUnrecoverableExecutionError)) throw error;
        failure = error;
      }
    }
    let redriveSeed: RedriveSeed | undefined;
    // Only an execution named as a redrive loads the redrive code (a chunk of its own).
    if (failure === undefined && envelope.durableExecutionArn.includes(RedriveNaming.separator)) {
      try {
        const { loadRedriveSeed } = await import("../redrive/load-redrive-seed.js");
        const redrive = await loadRedriveSeed({
          durableExecutionArn: envelope.durableExecutionArn,
          enabled: config.redrive === true,
          transport: client,
          operations,
        });
        redriveSeed = redrive.seed;
        operations = redrive.operations as WireOperation[];
      } catch (error) {
        if (!(error instanceof RedriveError)) throw error;
        failure = error;
      }
    }

    // Checked once the state is loaded and before the handler runs, as the official SDK does.
    // Only a function that sets the depth loads its check.
    if (failure === undefined && config.pluginsConfig?.childOperationsDepth !== undefined) {
      failure = (await import("./child-operations-depth.js")).childOperationsDepthError(config);
    }

    // The strict serdes check is opt-in: loaded (a chunk of its own) only when the option is on.
    const findNonJsonValue =
      config.strictSerdes === true
        ? (await import("../serdes/find-non-json-value.js")).findNonJsonValue
        : undefined;
    // The default logger is a chunk of its own too: a function that configures a logger never loads it.
    const defaultLogger = config.logger ?? new (await import("../logger/default-logger.js")).DefaultLogger();

    const state = new ExecutionState(operations);
    if (redriveSeed !== undefined) state.useRedriveSeed(redriveSeed);
    const facts: InvocationFacts = {
      durableExecutionArn: envelope.durableExecutionArn,
      requestId: lambdaContext?.awsRequestId ?? "",
      tenantId: (lambdaContext as Context & { tenantId?: string })?.tenantId,
    };
    let resolveTerminated: (termination: Termination) => void = () => undefined;
    const terminated = new Promise<Termination>((resolve) => {
      resolveTerminated = resolve;
    });
    let monitor: SuspensionMonitor | undefined;
    let plugins: InvocationPlugins | undefined;
    const queue = new CheckpointQueue({
      client,
      durableExecutionArn: envelope.durableExecutionArn,
      checkpointToken: envelope.checkpointToken,
      state,
      onFailure: (error) =>
        monitor?.terminate(
          error instanceof CheckpointUnrecoverableExecutionError
            ? { kind: "fail", error }
            : { kind: "retry", error },
        ),
      onIdle: () => monitor?.scheduleCheck(),
      deferredCheckpoints: config.deferredCheckpoints,
      onStatusChanges: runner?.has("onOperationChange")
        ? (changed) => plugins?.operationsChanged(changed) ?? Promise.resolve()
        : undefined,
    });
    monitor = new SuspensionMonitor({
      state,
      isQueueIdle: () => {
        if (queue.idle) return true;
        queue.flushLingering(); // nothing else will send them: the invocation is about to wait
        return false;
      },
      poll: () => queue.poll(),
      remainingTimeMs: remainingTimeOf(lambdaContext),
      onTerminate: (termination) => {
        queue.close(monitor?.terminationError());
        resolveTerminated(termination);
      },
    });

    let input = {} as TEvent;
    if (failure === undefined) {
      try {
        input = parseInput(operations, state) as TEvent;
      } catch (error) {
        failure = error;
      }
    }
    if (runner !== undefined && pluginsClass !== undefined) {
      plugins = new pluginsClass({
        runner,
        state,
        monitor,
        requestId: facts.requestId,
        durableExecutionArn: facts.durableExecutionArn,
        executionInput: input,
        isFirstInvocation: !state.startedWithHistory,
        updatedOperationIds: envelope.updatedOperationIds,
        errorFromObject: (error) => DurableOperationError.fromErrorObject(error),
      });
    }

    const rootLogData = (): DurableLogData => {
      const data: DurableLogData = { requestId: facts.requestId, executionArn: facts.durableExecutionArn };
      if (facts.tenantId !== undefined) data.tenantId = facts.tenantId;
      data.isReplaying = state.isReplaying(undefined);
      return data;
    };
    const enrich = plugins;
    const loggingContext: DurableLoggingContext = {
      getDurableLogData:
        enrich === undefined
          ? () => currentDurableLogData() ?? rootLogData()
          : () => enrich.enrichLogData(currentDurableLogData() ?? rootLogData()),
    };
    const attachLogger = (logger: DurableLogger): void =>
      logger.configureDurableLoggingContext?.(loggingContext);
    attachLogger(defaultLogger);

    const runtime: InvocationRuntime = {
      facts,
      state,
      queue,
      monitor,
      lambdaContext,
      defaultLogger,
      plugins,
      findNonJsonValue,
      attachLogger,
    };
    if (failure !== undefined) monitor.terminate({ kind: "fail", error: failure });
    const invocation = new DurableInvocation<TEvent>(
      runtime,
      terminated,
      input,
      envelope.updatedOperationIds,
      rootPreserveChildDepth(config),
    );
    if (failure === undefined && config.serdes !== undefined) {
      invocation.context.configureSerdes(config.serdes);
    }
    if (plugins !== undefined) await plugins.begin();
    return invocation;
  }

  /** The durable execution's ARN. */
  get durableExecutionArn(): string {
    return this.#runtime.facts.durableExecutionArn;
  }

  /** The engine's decision to end the invocation (suspension or a fatal error), once made. */
  get termination(): Termination | undefined {
    return this.#runtime.monitor.termination;
  }

  /** Settles when the engine decides to end the invocation. Never rejects. */
  get terminated(): Promise<Termination> {
    return this.#terminated;
  }

  /** Remaining time of the Lambda invocation, in milliseconds. */
  getRemainingTimeInMillis(): number {
    return remainingTimeOf(this.#runtime.lambdaContext)();
  }

  /** Checkpoint requests sent so far. */
  get checkpointRequestCount(): number {
    return this.#runtime.queue.requestCount;
  }

  /**
   * Runs `fn` in the invocation's async context: the root durable frame (so logs and operations
   * know their invocation) inside the context a `wrapInvocation` plugin set up around the
   * invocation (a tracing segment, for example). Front ends that call the user's handler themselves
   * should call it through this.
   *
   * @example
   * ```ts
   * const result = await invocation.runInContext(() => handler(invocation.input, invocation.context));
   * ```
   */
  runInContext<R>(fn: () => R): R {
    const state = this.#runtime.state;
    const frame = { invocation: this.#runtime.facts, isReplaying: () => state.isReplaying(undefined) };
    const plugins = this.#runtime.plugins;
    if (plugins === undefined) return operationFrames.run(frame, fn);
    return plugins.run(() => operationFrames.run(frame, fn));
  }

  /**
   * Runs `handler` in the root durable frame and settles with its outcome, or as soon as the
   * engine ends the invocation — a handler that swallows the suspension signal cannot delay the
   * response.
   */
  async runHandler<TResult>(
    handler: DurableExecutionHandler<TEvent, TResult>,
  ): Promise<HandlerSettlement | undefined> {
    if (this.termination !== undefined) return undefined;
    const settled = this.runInContext(() => handler(this.input, this.context)).then(
      (value): HandlerSettlement => ({ ok: true, value }),
      (error: unknown): HandlerSettlement => ({ ok: false, error }),
    );
    return Promise.race([settled, this.#terminated.then(() => undefined)]);
  }

  /**
   * Maps the outcome to the Lambda response (SUCCEEDED, FAILED or PENDING, large payloads
   * checkpointed). An engine decision (suspension, fatal error) overrides `settlement`. Throws when
   * Lambda must retry the invocation. Calling it again returns the same response. With plugins,
   * `onInvocationEnd` has run (and `wrapInvocation` has settled) before the response resolves.
   */
  complete(settlement?: HandlerSettlement): Promise<DurableExecutionInvocationOutput> {
    if (this.#completion === undefined) {
      const runtime = this.#runtime;
      runtime.monitor.markSettled();
      const plugins = runtime.plugins;
      this.#completion =
        plugins === undefined
          ? mapOutcome(runtime, settlement)
          : plugins.end(
              () => mapOutcome(runtime, settlement),
              settlement,
              () => runtime.monitor.termination,
            );
    }
    return this.#completion;
  }
}
