import type { Context } from "aws-lambda";
import type { DurableInstrumentationPlugin } from "../plugins/types.js";
import type { DurableContext } from "./durable-context.js";
import type { DurableLogger } from "./logger.js";
import type { AnySerdes, AnySerdesDeserializer } from "./serdes.js";
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  ErrorObject,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  WireOperation,
} from "./wire.js";

/**
 * A length of time. At least one unit is required; units add up.
 *
 * @example
 * ```ts
 * await context.wait({ hours: 1, minutes: 30 });
 * ```
 */
export type Duration =
  | { days: number; hours?: number; minutes?: number; seconds?: number }
  | { hours: number; minutes?: number; seconds?: number }
  | { minutes: number; seconds?: number }
  | { seconds: number };

/** The status a durable invocation reports back to Lambda. */
export const InvocationStatus = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  PENDING: "PENDING",
} as const;
export type InvocationStatus = (typeof InvocationStatus)[keyof typeof InvocationStatus];

/** Sub-types the engine writes on operations, as the official SDK writes them. */
export const OperationSubType = {
  STEP: "Step",
  WAIT: "Wait",
  CALLBACK: "Callback",
  RUN_IN_CHILD_CONTEXT: "RunInChildContext",
  MAP: "Map",
  MAP_ITERATION: "MapIteration",
  PARALLEL: "Parallel",
  PARALLEL_BRANCH: "ParallelBranch",
  WAIT_FOR_CALLBACK: "WaitForCallback",
  WAIT_FOR_CONDITION: "WaitForCondition",
  CHAINED_INVOKE: "ChainedInvoke",
} as const;
export type OperationSubType = (typeof OperationSubType)[keyof typeof OperationSubType];

/** The event Lambda sends to a durable function (the envelope around the user's event). */
export interface DurableExecutionInvocationInput {
  DurableExecutionArn: string;
  CheckpointToken: string;
  UpdatedOperationIds?: string[];
  InitialExecutionState: {
    Operations: WireOperation[];
    NextMarker?: string | undefined;
  };
}

/** What a durable function returns to Lambda. */
export type DurableExecutionInvocationOutput =
  | { Status: typeof InvocationStatus.SUCCEEDED; Result?: string }
  | { Status: typeof InvocationStatus.FAILED; Error: ErrorObject }
  | { Status: typeof InvocationStatus.PENDING };

/**
 * The transport the engine uses to read and write execution state. The default speaks the Lambda
 * API through `@aws-sdk/client-lambda`; tests and harnesses may pass their own.
 *
 * Implementations should throw `DurableExecutionClientError` with a `scope` to say whether a failure
 * should retry the invocation (`INVOCATION`) or fail the execution (`EXECUTION`).
 */
export interface DurableExecutionClient {
  getExecutionState(
    params: GetDurableExecutionStateRequest,
    logger?: DurableLogger,
  ): Promise<GetDurableExecutionStateResponse>;
  checkpoint(
    params: CheckpointDurableExecutionRequest,
    logger?: DurableLogger,
  ): Promise<CheckpointDurableExecutionResponse>;
}

/** A user's durable handler: the user's event and a {@link DurableContext}. */
export type DurableExecutionHandler<
  // biome-ignore lint/suspicious/noExplicitAny: the default mirrors the official SDK, where untyped events are `any`.
  TEvent = any,
  // biome-ignore lint/suspicious/noExplicitAny: as above, for untyped results.
  TResult = any,
  TLogger extends DurableLogger = DurableLogger,
> = (event: TEvent, context: DurableContext<TLogger>) => Promise<TResult>;

/** The Lambda handler `withDurableExecution` returns. */
export type DurableLambdaHandler = (
  event: DurableExecutionInvocationInput,
  context: Context,
) => Promise<DurableExecutionInvocationOutput>;

/**
 * A `LambdaClient` from `@aws-sdk/client-lambda`, typed structurally so the engine's public types do
 * not import the AWS SDK.
 */
export interface LambdaClientLike {
  send(command: unknown, options?: unknown): Promise<unknown>;
}

/** Options of `withDurableExecution` and of every front end built on the invocation lifecycle. */
export interface DurableExecutionConfig {
  /**
   * A `LambdaClient` for the default transport (region, credentials, endpoint, retries).
   * Mutually exclusive with `durableExecutionClient`.
   */
  client?: LambdaClientLike;
  /** A custom transport with `getExecutionState` and `checkpoint`. Mutually exclusive with `client`. */
  durableExecutionClient?: DurableExecutionClient;
  /** A logger for `context.logger` (the default writes one JSON line per record to stdout/stderr). */
  logger?: DurableLogger;
  /** Default serdes for every operation of the execution (see `context.configureSerdes`). */
  serdes?: { defaultSerdes?: AnySerdes; defaultCallbackDeserializer?: AnySerdesDeserializer };
  /**
   * Instrumentation plugins (tracing, metrics, log enrichment), called in order. Modules named in
   * the `DURABLE_EXECUTION_PLUGINS` environment variable are loaded after these. A plugin's errors
   * never change the execution's outcome.
   */
  plugins?: DurableInstrumentationPlugin[];
  /**
   * Accept redrives: an execution started by `DurableExecutions.redrive()` (from
   * `@durable-lambda/client`) takes the results of the operations that succeeded in its source, an
   * execution of this same function with the same input, and runs the rest. Default: false (a
   * redrive fails with `RedriveError` and runs nothing).
   */
  redrive?: boolean;
  /**
   * Deferred checkpoints for every at-least-once step of the execution: a step's result is queued
   * and the code continues at once; queued results go out in batches, and are written before
   * anything that needs them durable (a wait, a callback, an invoke, an at-most-once step, a
   * suspension, the handler's return). A crash loses the results queued since the last write, and
   * those steps run again on replay. A step's `deferCheckpoint` overrides it. Default: false.
   */
  deferredCheckpoints?: boolean;
  /**
   * Fail the execution with `StrictSerdesError` when an operation using the default JSON serdes
   * produces a value JSON would not give back as it was (a `Date`, `Map`, `Set`, class instance,
   * `undefined`, `NaN`, a function…), naming the operation and the path inside the value. Off by
   * default, as in the official SDK, where such a value silently replays as something else.
   */
  strictSerdes?: boolean;
  /** Settings that change what instrumentation plugins can observe. */
  pluginsConfig?: PluginsConfig;
}

/**
 * The `pluginsConfig` option of `withDurableExecution`.
 *
 * @example
 * ```ts
 * export const handler = withDurableExecution(myHandler, { plugins: [tracer], pluginsConfig: { childOperationsDepth: 1 } });
 * ```
 */
export interface PluginsConfig {
  /**
   * How many levels of child-context operations stay in the execution state after their context
   * finishes, so plugins see them in later invocations (the service otherwise leaves the children
   * of a finished context out of the state it sends). `1` keeps the children of top-level contexts
   * (map items, parallel branches, a child context's steps), `2` their children too, `Infinity`
   * everything; map and parallel items with `NestingType.FLAT` do not count as a level. Each kept
   * context is checkpointed with `ReplayChildren`, so on replay its function runs again over its
   * recorded children (no step runs twice), which costs replay time and state size. A value that
   * is not a non-negative integer or `Infinity` fails the execution before the handler runs.
   * Default: `0` (nothing kept).
   */
  childOperationsDepth?: number;
}
