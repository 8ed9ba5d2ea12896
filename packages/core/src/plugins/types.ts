import type { DurableExecutionInvocationOutput } from "../types/core.js";

/** The version of the provider contract that `DURABLE_EXECUTION_PLUGINS` modules must export. */
export const DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION = 1;

/** How an invocation ended, as plugins see it. `RETRYING`: the invocation throws and Lambda retries it. */
export const PluginInvocationStatus = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  PENDING: "PENDING",
  RETRYING: "RETRYING",
} as const;
export type PluginInvocationStatus = (typeof PluginInvocationStatus)[keyof typeof PluginInvocationStatus];

/** The checkpointed status of an operation, as plugins see it. */
export const PluginOperationStatus = {
  STARTED: "STARTED",
  READY: "READY",
  PENDING: "PENDING",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  TIMED_OUT: "TIMED_OUT",
  STOPPED: "STOPPED",
  CANCELLED: "CANCELLED",
} as const;
export type PluginOperationStatus = (typeof PluginOperationStatus)[keyof typeof PluginOperationStatus];

/** One durable operation. */
export interface OperationInfo {
  /** The hashed operation id, as in the checkpoints and the execution history. */
  id: string;
  name?: string;
  /** `STEP`, `WAIT`, `CALLBACK`, `CHAINED_INVOKE`, `CONTEXT` or `EXECUTION`. */
  type: string;
  subType?: string;
  /** The hashed id of the enclosing child context; absent at the top level. */
  parentId?: string;
  status?: PluginOperationStatus;
  startTimestamp?: Date;
  endTimestamp?: Date;
  /** The serialized result, as checkpointed. */
  result?: string;
  /** The error the operation failed with, rebuilt from the checkpointed error. */
  error?: Error;
  /** The attempt number (1-based) where it applies (steps, condition checks). */
  attempt?: number;
  /** True when the operation was started in an earlier invocation and is being resumed or replayed. */
  isReplay: boolean;
}

/** An operation that reached a terminal status. */
export interface OperationEndInfo extends OperationInfo {
  error?: Error;
}

/** One attempt of a step or a condition check. */
export interface AttemptInfo extends OperationInfo {
  attempt: number;
}

/** How an attempt ended. */
export const AttemptEndInfoOutcome = {
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
} as const;
export type AttemptEndInfoOutcome = (typeof AttemptEndInfoOutcome)[keyof typeof AttemptEndInfoOutcome];

export interface AttemptEndInfo extends AttemptInfo {
  outcome: AttemptEndInfoOutcome;
  error?: Error;
}

/** The child-context function about to run (map items, parallel branches, submitters, combinators included). */
export interface ChildContextInfo extends OperationInfo {
  /**
   * True when the context's children are replayed from history rather than run live: the
   * context completed in an earlier invocation and is being rebuilt (results over 256 KiB) or was
   * started earlier and its finished children are replayed before new work starts.
   */
  isReplayingChildren: boolean;
}

/** Facts shared by the start and the end of an invocation. */
export interface InvocationBaseInfo {
  requestId: string;
  executionArn: string;
  /** The user's input, parsed. */
  executionInput: unknown;
  /** Every operation in the state this invocation started with, by hashed id. */
  operations: Record<string, OperationInfo>;
  /** When the execution first started; the same on every invocation. */
  executionStartTimestamp?: Date;
  /** True when this invocation started the execution (no operation but the EXECUTION one). */
  isFirstInvocation: boolean;
}

export interface InvocationInfo extends InvocationBaseInfo {
  /** Operations changed outside the handler since the last invocation (`UpdatedOperationIds`). */
  updatedOperations: Record<string, OperationInfo>;
}

export interface InvocationEndInfo extends InvocationBaseInfo {
  status: PluginInvocationStatus;
  /** The handler's result when the execution SUCCEEDED. */
  executionResult?: unknown;
  /** The error the execution FAILED with, or the invocation error when RETRYING. */
  executionError?: Error;
}

/** Operations whose status a checkpoint response changed. */
export interface OperationChangeInfo {
  executionArn: string;
  updatedOperations: Record<string, OperationInfo>;
  operations: Record<string, OperationInfo>;
}

export type CustomerFnResult = unknown;
export type CustomerFn = () => CustomerFnResult;

/**
 * Instrumentation hooks. Every hook is optional. Plain hooks are awaited (several plugins run
 * concurrently) and their errors are swallowed: a plugin never changes an execution's outcome or
 * blocks another plugin. Wrap hooks are chained, the first plugin outermost; each must call `fn`
 * and return what it returns. Hooks fire once per real event: operations that finished in an
 * earlier invocation fire nothing when replayed.
 */
export interface DurableInstrumentationPlugin {
  onInvocationStart?(info: InvocationInfo): Promise<void> | void;
  wrapInvocation?(
    info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput>;
  onInvocationEnd?(info: InvocationEndInfo): Promise<void> | void;
  onOperationStart?(info: OperationInfo): Promise<void> | void;
  wrapChildContextFn?(info: ChildContextInfo, fn: CustomerFn): CustomerFnResult;
  onOperationEnd?(info: OperationEndInfo): Promise<void> | void;
  onOperationAttemptStart?(info: AttemptInfo): Promise<void> | void;
  wrapOperationAttemptFn?(info: AttemptInfo, fn: CustomerFn): CustomerFnResult;
  onOperationAttemptEnd?(info: AttemptEndInfo): Promise<void> | void;
  onOperationChange?(info: OperationChangeInfo): Promise<void> | void;
  /** Keys merged into every record of the default logger. */
  enrichLogContext?(): Record<string, string | number | boolean> | undefined;
}

export type DurableInstrumentationPluginType<
  Plugin extends DurableInstrumentationPlugin = DurableInstrumentationPlugin,
> = abstract new (
  ...args: never[]
) => Plugin;

/** What a module named in `DURABLE_EXECUTION_PLUGINS` exports as `durableExecutionPluginProvider`. */
export interface DurableInstrumentationPluginProvider<
  Plugin extends DurableInstrumentationPlugin = DurableInstrumentationPlugin,
> {
  readonly pluginApiVersion: typeof DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION;
  readonly pluginType: DurableInstrumentationPluginType<Plugin>;
  createPlugin(): Plugin;
}
