import { randomUUID } from "node:crypto";
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  ErrorObject,
  Event,
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  GetDurableExecutionRequest,
  GetDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  ExecutionStatus as LambdaExecutionStatus,
  Operation,
  OperationUpdate,
  SendDurableExecutionCallbackFailureRequest,
  SendDurableExecutionCallbackFailureResponse,
  SendDurableExecutionCallbackHeartbeatRequest,
  SendDurableExecutionCallbackHeartbeatResponse,
  SendDurableExecutionCallbackSuccessRequest,
  SendDurableExecutionCallbackSuccessResponse,
  StopDurableExecutionRequest,
  StopDurableExecutionResponse,
} from "@aws-sdk/client-lambda";
import { VirtualClock } from "../clock/virtual-clock.js";
import { DurableServiceError, LocalRunnerError, ServiceErrorCode } from "../errors/service-errors.js";
import {
  type ArnScope,
  durableExecutionArn,
  functionArn,
  functionNameFrom,
  isValidExecutionName,
  isValidFunctionName,
} from "./arns.js";
import {
  EventType,
  ExecutionStatus,
  INVALID_CHECKPOINT_TOKEN_PREFIX,
  MS_PER_SECOND,
  OperationAction,
  OperationStatus,
  OperationType,
  PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE,
  ServiceDefaults,
  ServiceLimits,
} from "./constants.js";
import { type FaultHandle, FaultInjector, type FaultSpec, ServiceApi } from "./faults.js";
import { errorOf, HistoryLog, payloadOf, withoutExecutionData } from "./history.js";
import {
  createCallbackId,
  decodeCallbackId,
  decodeCheckpointToken,
  decodeMarker,
  encodeCheckpointToken,
  encodeMarker,
} from "./tokens.js";
import type {
  ChainedInvokeTarget,
  CompleteInvocationResult,
  DurableInvocationEnvelope,
  InvocationOutcome,
  ServiceChange,
  ServiceRequestRecord,
  StartExecutionRequest,
  StartInvocationOptions,
} from "./types.js";
import { byteLength, validateCheckpointUpdates, validateErrorObject } from "./validation.js";

/**
 * Options of {@link LocalDurableService}.
 *
 * @example
 * ```ts
 * const service = new LocalDurableService({ clock: new VirtualClock({ start: Date.UTC(2030, 0, 1) }), initialStatePageSize: 10 });
 * ```
 */
export interface LocalDurableServiceOptions {
  /** The clock timers run on. Default: a new {@link VirtualClock} starting now. */
  clock?: VirtualClock;
  /** Region used in ARNs. Default: `us-east-1`. */
  region?: string;
  /** Account id used in ARNs. Default: `123456789012`. */
  accountId?: string;
  /**
   * Operations in the invocation envelope's first page; the engine pages the rest with
   * `GetDurableExecutionState`. Default: 100 (the API's default page size).
   */
  initialStatePageSize?: number;
  /** Keep every API call in {@link LocalDurableService.requests}. Default: true. */
  recordRequests?: boolean;
}

const SERVICE_DEFAULTS = {
  initialStatePageSize: ServiceLimits.defaultPageSize,
  recordRequests: true,
} as const;

type TimerKind = "retry" | "wait" | "callbackTimeout" | "callbackHeartbeat" | "executionTimeout";

interface Timer {
  kind: TimerKind;
  operationId: string;
  dueAt: number;
}

interface OperationRecord {
  /** The operation as the API returns it (copied on the way out). */
  op: Operation;
  /** Heartbeat timeout of a callback, in seconds (0: none). */
  heartbeatSeconds?: number;
  /** Wait duration in seconds. */
  waitSeconds?: number;
  /** Nested durable execution of a chained invoke. */
  nestedExecutionArn?: string;
  /** What a chained invoke was asked to call. */
  invoke?: {
    functionName: string;
    targetName: string;
    payload: string | undefined;
    tenantId: string | undefined;
  };
}

interface InvocationRecord {
  number: number;
  requestId: string;
  startTimestamp: Date;
  /** Sequence of the only token the next checkpoint may use. */
  seq: number;
  /** Operations changed since this invocation's previous checkpoint response. */
  dirty: Set<string>;
  /** The previous checkpoint, replayed when retried with the same ClientToken (idempotency). */
  last?: { seq: number; clientToken: string | undefined; response: CheckpointDurableExecutionResponse };
}

interface ExecutionRecord {
  id: string;
  arn: string;
  name: string;
  functionName: string;
  functionArn: string;
  version: string;
  input: string;
  status: LambdaExecutionStatus;
  startTimestamp: Date;
  endTimestamp?: Date;
  result?: string;
  error?: ErrorObject;
  executionTimeoutSeconds?: number;
  operations: Map<string, OperationRecord>;
  history: HistoryLog;
  invocation?: InvocationRecord;
  invocationCount: number;
  /** Operations changed from outside that no checkpoint response has reported yet. */
  undelivered: Set<string>;
  timers: Map<string, Timer>;
  inFlight: Set<Promise<void>>;
  /** Set when this execution is the target of a chained invoke. */
  parent?: { executionId: string; operationId: string };
  completionWaiters: Array<() => void>;
}

const TERMINAL_EXECUTION_STATUSES: ReadonlySet<string> = new Set([
  ExecutionStatus.SUCCEEDED,
  ExecutionStatus.FAILED,
  ExecutionStatus.STOPPED,
  ExecutionStatus.TIMED_OUT,
]);

const CALLBACK_TIMEOUT_MESSAGES = {
  callbackTimeout: "Callback timed out",
  callbackHeartbeat: "Callback timed out on heartbeat",
} as const;

function invalidParameter(message: string): DurableServiceError {
  return new DurableServiceError(ServiceErrorCode.InvalidParameterValue, message);
}

function invalidToken(reason: string): DurableServiceError {
  return invalidParameter(`${INVALID_CHECKPOINT_TOKEN_PREFIX}: ${reason}`);
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function errorObjectFrom(error: unknown): ErrorObject {
  if (error instanceof Error) return { ErrorType: error.name, ErrorMessage: error.message };
  return { ErrorType: "Error", ErrorMessage: String(error) };
}

function parsePageSize(value: unknown, api: string): number {
  if (value === undefined || value === null || value === 0) return ServiceLimits.defaultPageSize;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > ServiceLimits.maxPageSize
  ) {
    throw invalidParameter(
      `${api}: MaxItems must be an integer from 0 to ${ServiceLimits.maxPageSize} (0 means the default of ` +
        `${ServiceLimits.defaultPageSize}); got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * The Lambda durable execution service, in memory: it holds executions and their operations,
 * validates every checkpoint the way the service does, issues checkpoint tokens and callback ids,
 * keeps the history, runs timers on a {@link VirtualClock}, accepts callbacks and runs chained
 * invokes against registered functions.
 *
 * The methods named after Lambda APIs take and return the same shapes as the matching
 * `@aws-sdk/client-lambda` commands and throw errors shaped like AWS SDK service exceptions.
 * `startExecution`, `startInvocation` and `completeInvocation` are the service's internal side
 * (what Lambda does around each invocation); `LocalDurableRunner` uses them.
 *
 * Timers are not driven by real timeouts: they fire whenever the service is called at or after
 * their due time (see {@link LocalDurableService.fireDueTimers} and
 * {@link LocalDurableService.nextTimerDue}).
 *
 * @example
 * ```ts
 * const service = new LocalDurableService();
 * const arn = service.startExecution({ functionName: "orders", input: JSON.stringify({ id: 1 }) });
 * const envelope = service.startInvocation(arn);
 * const output = await handler(envelope, context); // any durable engine
 * service.completeInvocation(arn, output);
 * ```
 */
export class LocalDurableService {
  /** The clock every timer runs on. */
  readonly clock: VirtualClock;
  readonly #scope: ArnScope;
  readonly #initialStatePageSize: number;
  readonly #recordRequests: boolean;
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #executionsByArn = new Map<string, ExecutionRecord>();
  readonly #executionsByName = new Map<string, ExecutionRecord>();
  readonly #functions = new Map<string, ChainedInvokeTarget>();
  readonly #faults = new FaultInjector();
  readonly #requests: ServiceRequestRecord[] = [];
  readonly #requestListeners = new Set<(record: ServiceRequestRecord) => void>();
  readonly #changeListeners = new Set<(change: ServiceChange) => void>();

  constructor(options: LocalDurableServiceOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.#scope = {
      region: options.region ?? ServiceDefaults.region,
      accountId: options.accountId ?? ServiceDefaults.accountId,
    };
    const pageSize = options.initialStatePageSize ?? SERVICE_DEFAULTS.initialStatePageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new LocalRunnerError(`initialStatePageSize must be a positive integer; got ${pageSize}.`);
    }
    this.#initialStatePageSize = pageSize;
    this.#recordRequests = options.recordRequests ?? SERVICE_DEFAULTS.recordRequests;
  }

  // ---------------------------------------------------------------------------------------------
  // Observation and fault injection
  // ---------------------------------------------------------------------------------------------

  /** Every call to the service's Lambda APIs, in order (when `recordRequests` is on). */
  get requests(): readonly ServiceRequestRecord[] {
    return this.#requests;
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.#requests.length = 0;
  }

  /**
   * Calls `listener` after every Lambda API call (success or failure).
   * @returns a function that removes the listener.
   */
  onRequest(listener: (record: ServiceRequestRecord) => void): () => void {
    this.#requestListeners.add(listener);
    return () => {
      this.#requestListeners.delete(listener);
    };
  }

  /**
   * Calls `listener` after every `CheckpointDurableExecution` call.
   * @returns a function that removes the listener.
   */
  onCheckpoint(listener: (record: ServiceRequestRecord) => void): () => void {
    return this.onRequest((record) => {
      if (record.api === ServiceApi.checkpoint) listener(record);
    });
  }

  /**
   * Calls `listener` whenever an operation or an execution changes.
   * @returns a function that removes the listener.
   */
  onChange(listener: (change: ServiceChange) => void): () => void {
    this.#changeListeners.add(listener);
    return () => {
      this.#changeListeners.delete(listener);
    };
  }

  /**
   * Makes upcoming calls to an API fail, to test how an engine copes.
   *
   * @example
   * ```ts
   * service.injectFault({ api: "checkpoint", error: "throttle", afterCalls: 1 }); // 2nd checkpoint gets a 429
   * service.injectFault({ api: "checkpoint", error: "server", persist: true }); // applied, then 500
   * ```
   */
  injectFault(spec: FaultSpec): FaultHandle {
    return this.#faults.add(spec);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.#faults.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Functions (chained invoke targets)
  // ---------------------------------------------------------------------------------------------

  /**
   * Registers a function that chained invokes can call, by bare name (`ChainedInvokeOptions.FunctionName`
   * may be the name, `name:qualifier` or an ARN).
   */
  registerFunction(name: string, target: ChainedInvokeTarget): void {
    if (!isValidFunctionName(name)) {
      throw new LocalRunnerError(
        `registerFunction: ${JSON.stringify(name)} is not a valid Lambda function name (1-64 letters, digits, "-" or "_").`,
      );
    }
    this.#functions.set(name, target);
  }

  /** Removes a registered function. */
  unregisterFunction(name: string): void {
    this.#functions.delete(name);
  }

  // ---------------------------------------------------------------------------------------------
  // Service-internal side: executions and invocations
  // ---------------------------------------------------------------------------------------------

  /**
   * Starts a durable execution (what Lambda does when a durable function is invoked).
   * @returns the execution ARN.
   */
  startExecution(request: StartExecutionRequest): string {
    return this.#startExecution(request, undefined);
  }

  /**
   * Starts an invocation of a running execution and returns the event for the function.
   * Only one invocation of an execution runs at a time.
   */
  startInvocation(executionArn: string, options: StartInvocationOptions = {}): DurableInvocationEnvelope {
    const exec = this.#requireExecutionInternal(executionArn, "startInvocation");
    this.#fireDueTimersOf(exec);
    if (exec.status !== ExecutionStatus.RUNNING) {
      throw new LocalRunnerError(
        `startInvocation: durable execution ${executionArn} has already completed (${exec.status}); only a RUNNING execution can be invoked.`,
      );
    }
    if (exec.invocation !== undefined) {
      throw new LocalRunnerError(
        `startInvocation: invocation ${exec.invocation.requestId} of ${executionArn} is still running; call completeInvocation first.`,
      );
    }
    exec.invocationCount += 1;
    const invocation: InvocationRecord = {
      number: exec.invocationCount,
      requestId: options.requestId ?? randomUUID(),
      startTimestamp: this.clock.date(),
      seq: 0,
      dirty: new Set(),
    };
    exec.invocation = invocation;
    const visible = this.#visibleOperations(exec);
    const firstPage = visible.slice(0, this.#initialStatePageSize);
    const updatedOperationIds = this.#inStartOrder(exec, exec.undelivered).map(
      (record) => record.op.Id as string,
    );
    exec.undelivered.clear();
    const envelope: DurableInvocationEnvelope = {
      DurableExecutionArn: exec.arn,
      CheckpointToken: encodeCheckpointToken({ executionId: exec.id, invocation: invocation.number, seq: 0 }),
      InitialExecutionState: { Operations: firstPage.map((record) => copy(record.op)) },
      UpdatedOperationIds: updatedOperationIds,
    };
    if (visible.length > firstPage.length) {
      envelope.InitialExecutionState.NextMarker = encodeMarker({
        kind: "state",
        executionId: exec.id,
        offset: firstPage.length,
      });
    }
    return envelope;
  }

  /**
   * Ends the running invocation with what the function returned (or how it failed), as Lambda
   * reports it to the service: SUCCEEDED/FAILED end the execution, PENDING waits for timers,
   * callbacks or invokes (and fails the execution when nothing is pending), and a Lambda error
   * leaves it running for a retry unless `failExecution` is set.
   */
  completeInvocation(executionArn: string, outcome: InvocationOutcome): CompleteInvocationResult {
    const exec = this.#requireExecutionInternal(executionArn, "completeInvocation");
    const invocation = exec.invocation;
    if (invocation === undefined) {
      throw new LocalRunnerError(
        `completeInvocation: durable execution ${executionArn} has no running invocation; call startInvocation first.`,
      );
    }
    this.#fireDueTimersOf(exec);
    const invocationError =
      "lambdaError" in outcome
        ? outcome.lambdaError
        : outcome.Status === "FAILED"
          ? outcome.Error
          : undefined;
    exec.history.append(EventType.InvocationCompleted, this.clock.date(), undefined, {
      StartTimestamp: invocation.startTimestamp,
      EndTimestamp: this.clock.date(),
      RequestId: invocation.requestId,
      ...(invocationError === undefined ? {} : { Error: errorOf(invocationError) }),
    });
    exec.invocation = undefined;
    // An execution already completed by a checkpoint (large result path) or stopped keeps its outcome.
    if (exec.status !== ExecutionStatus.RUNNING) return { status: exec.status };

    if ("lambdaError" in outcome) {
      if (outcome.failExecution === true) {
        this.#finishExecution(exec, ExecutionStatus.FAILED, { error: outcome.lambdaError });
      }
      return { status: exec.status };
    }
    switch (outcome.Status) {
      case "SUCCEEDED":
        this.#finishExecution(exec, ExecutionStatus.SUCCEEDED, { result: outcome.Result });
        break;
      case "FAILED":
        this.#finishExecution(exec, ExecutionStatus.FAILED, { error: outcome.Error });
        break;
      case "PENDING":
        if (!this.#hasPendingWork(exec)) {
          this.#finishExecution(exec, ExecutionStatus.FAILED, {
            error: {
              ErrorType: ServiceErrorCode.InvalidParameterValue,
              ErrorMessage: PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE,
            },
          });
        }
        break;
      default:
        throw new LocalRunnerError(
          `completeInvocation: unknown outcome ${JSON.stringify(outcome)}; expected Status SUCCEEDED, FAILED or PENDING, or a lambdaError.`,
        );
    }
    return { status: exec.status };
  }

  /**
   * True when a new invocation of a RUNNING execution is due: something changed from outside
   * that the function has not seen, or a step retry is READY.
   */
  isInvocationDue(executionArn: string): boolean {
    const exec = this.#requireExecutionInternal(executionArn, "isInvocationDue");
    this.#fireDueTimersOf(exec);
    if (exec.status !== ExecutionStatus.RUNNING || exec.invocation !== undefined) return false;
    if (exec.undelivered.size > 0) return true;
    for (const record of exec.operations.values()) {
      if (record.op.Status === OperationStatus.READY) return true;
    }
    return false;
  }

  /** True while an invocation of the execution is running. */
  hasRunningInvocation(executionArn: string): boolean {
    return this.#requireExecutionInternal(executionArn, "hasRunningInvocation").invocation !== undefined;
  }

  /**
   * The earliest due time (epoch ms) of any timer (retry, wait, callback timeout or heartbeat,
   * execution timeout) of the execution, or of every running execution when no ARN is given.
   */
  nextTimerDue(executionArn?: string): number | undefined {
    const executions =
      executionArn === undefined
        ? [...this.#executions.values()]
        : [this.#requireExecutionInternal(executionArn, "nextTimerDue")];
    let earliest: number | undefined;
    for (const exec of executions) {
      for (const timer of exec.timers.values()) {
        if (earliest === undefined || timer.dueAt < earliest) earliest = timer.dueAt;
      }
    }
    return earliest;
  }

  /**
   * Fires every timer that is due on the clock (of one execution, or of all).
   * @returns how many timers fired.
   */
  fireDueTimers(executionArn?: string): number {
    if (executionArn !== undefined) {
      return this.#fireDueTimersOf(this.#requireExecutionInternal(executionArn, "fireDueTimers"));
    }
    let fired = 0;
    for (const exec of this.#executions.values()) fired += this.#fireDueTimersOf(exec);
    return fired;
  }

  /** Resolves when every chained invoke the execution has started so far has finished running. */
  async settleChainedInvokes(executionArn: string): Promise<void> {
    const exec = this.#requireExecutionInternal(executionArn, "settleChainedInvokes");
    while (exec.inFlight.size > 0) {
      await Promise.allSettled([...exec.inFlight]);
    }
  }

  /** True while a chained invoke started by the execution is still running. */
  hasChainedInvokesInFlight(executionArn: string): boolean {
    return this.#requireExecutionInternal(executionArn, "hasChainedInvokesInFlight").inFlight.size > 0;
  }

  /** Resolves when the execution is no longer RUNNING. */
  waitForCompletion(executionArn: string): Promise<void> {
    const exec = this.#requireExecutionInternal(executionArn, "waitForCompletion");
    if (exec.status !== ExecutionStatus.RUNNING) return Promise.resolve();
    return new Promise((resolve) => exec.completionWaiters.push(resolve));
  }

  /**
   * Every operation of the execution (including children of completed contexts and the
   * EXECUTION operation), in start order, as copies.
   */
  getOperations(executionArn: string): Operation[] {
    const exec = this.#requireExecutionInternal(executionArn, "getOperations");
    this.#fireDueTimersOf(exec);
    return [...exec.operations.values()].map((record) => copy(record.op));
  }

  /** The full history of the execution (all events, with data), as copies. */
  getHistory(executionArn: string): Event[] {
    const exec = this.#requireExecutionInternal(executionArn, "getHistory");
    this.#fireDueTimersOf(exec);
    return exec.history.events.map((event) => copy(event));
  }

  /**
   * What `GetDurableExecution` would return, without recording a request or applying faults
   * (for runners and assertions).
   */
  describeExecution(executionArn: string): GetDurableExecutionResponse {
    const exec = this.#requireExecutionInternal(executionArn, "describeExecution");
    this.#fireDueTimersOf(exec);
    return this.#describe(exec, true);
  }

  /** Current status of the execution. */
  executionStatus(executionArn: string): LambdaExecutionStatus {
    const exec = this.#requireExecutionInternal(executionArn, "executionStatus");
    this.#fireDueTimersOf(exec);
    return exec.status;
  }

  /** ARNs of every execution the service holds, in start order. */
  listExecutionArns(): string[] {
    return [...this.#executions.values()].map((exec) => exec.arn);
  }

  // ---------------------------------------------------------------------------------------------
  // Lambda APIs
  // ---------------------------------------------------------------------------------------------

  /** `GetDurableExecutionState`: pages of the operations a replay needs. */
  getDurableExecutionState(
    request: GetDurableExecutionStateRequest,
  ): Promise<GetDurableExecutionStateResponse> {
    return this.#call(ServiceApi.getState, request, request?.DurableExecutionArn, () => {
      const exec = this.#requireExecutionForFunction(request.DurableExecutionArn, "GetDurableExecutionState");
      const token = decodeCheckpointToken(request.CheckpointToken);
      if (request.CheckpointToken === undefined || request.CheckpointToken === null) {
        throw invalidParameter(
          "GetDurableExecutionState: CheckpointToken is required; pass the token from the invocation event.",
        );
      }
      if (token === undefined || token.executionId !== exec.id) {
        throw invalidToken(
          "the token was not issued for this durable execution. Pass the CheckpointToken from the invocation event.",
        );
      }
      const pageSize = parsePageSize(request.MaxItems, "GetDurableExecutionState");
      const offset = this.#markerOffset(request.Marker, "state", exec, "GetDurableExecutionState");
      this.#fireDueTimersOf(exec);
      const visible = this.#visibleOperations(exec);
      const page = visible.slice(offset, offset + pageSize);
      const response: GetDurableExecutionStateResponse = {
        Operations: page.map((record) => copy(record.op)),
      };
      if (offset + page.length < visible.length) {
        response.NextMarker = encodeMarker({
          kind: "state",
          executionId: exec.id,
          offset: offset + page.length,
        });
      }
      return response;
    });
  }

  /** `CheckpointDurableExecution`: validates and applies updates, returns a new token and the changed operations. */
  checkpointDurableExecution(
    request: CheckpointDurableExecutionRequest,
  ): Promise<CheckpointDurableExecutionResponse> {
    return this.#call(ServiceApi.checkpoint, request, request?.DurableExecutionArn, () =>
      this.#checkpoint(request),
    );
  }

  /** `SendDurableExecutionCallbackSuccess`: completes a callback with a result. */
  sendDurableExecutionCallbackSuccess(
    request: Omit<SendDurableExecutionCallbackSuccessRequest, "Result"> & { Result?: Uint8Array | string },
  ): Promise<SendDurableExecutionCallbackSuccessResponse> {
    return this.#call(ServiceApi.callbackSuccess, request, undefined, () => {
      const { exec, record } = this.#openCallback(request?.CallbackId, "SendDurableExecutionCallbackSuccess");
      const raw = request.Result;
      if (raw !== undefined && raw !== null && typeof raw !== "string" && !(raw instanceof Uint8Array)) {
        throw invalidParameter(
          "SendDurableExecutionCallbackSuccess: Result must be bytes (Uint8Array) or a string.",
        );
      }
      const bytes =
        raw === undefined || raw === null ? 0 : typeof raw === "string" ? byteLength(raw) : raw.byteLength;
      if (bytes > ServiceLimits.callbackResultBytes) {
        throw invalidParameter(
          `SendDurableExecutionCallbackSuccess: Result is ${bytes} bytes, over the limit of ${ServiceLimits.callbackResultBytes} bytes.`,
        );
      }
      const text =
        raw === undefined || raw === null || bytes === 0
          ? undefined
          : typeof raw === "string"
            ? raw
            : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8");
      this.#closeCallback(exec, record, OperationStatus.SUCCEEDED, { result: text });
      return {};
    });
  }

  /** `SendDurableExecutionCallbackFailure`: fails a callback with an error. */
  sendDurableExecutionCallbackFailure(
    request: SendDurableExecutionCallbackFailureRequest,
  ): Promise<SendDurableExecutionCallbackFailureResponse> {
    return this.#call(ServiceApi.callbackFailure, request, undefined, () => {
      const { exec, record } = this.#openCallback(request?.CallbackId, "SendDurableExecutionCallbackFailure");
      validateErrorObject(request.Error, "SendDurableExecutionCallbackFailure");
      this.#closeCallback(exec, record, OperationStatus.FAILED, { error: request.Error ?? {} });
      return {};
    });
  }

  /** `SendDurableExecutionCallbackHeartbeat`: restarts a callback's heartbeat timeout. */
  sendDurableExecutionCallbackHeartbeat(
    request: SendDurableExecutionCallbackHeartbeatRequest,
  ): Promise<SendDurableExecutionCallbackHeartbeatResponse> {
    return this.#call(ServiceApi.callbackHeartbeat, request, undefined, () => {
      const { exec, record } = this.#openCallback(
        request?.CallbackId,
        "SendDurableExecutionCallbackHeartbeat",
      );
      const seconds = record.heartbeatSeconds ?? 0;
      // A heartbeat on a callback without a heartbeat timeout is accepted and changes nothing.
      if (seconds > 0) {
        this.#setTimer(
          exec,
          "callbackHeartbeat",
          record.op.Id as string,
          this.clock.now() + seconds * MS_PER_SECOND,
        );
      }
      return {};
    });
  }

  /** `GetDurableExecution`: status, input, result or error of an execution. */
  getDurableExecution(request: GetDurableExecutionRequest): Promise<GetDurableExecutionResponse> {
    return this.#call(ServiceApi.getExecution, request, request?.DurableExecutionArn, () => {
      const exec = this.#requireExecution(request.DurableExecutionArn, "GetDurableExecution");
      this.#fireDueTimersOf(exec);
      return this.#describe(exec, request.IncludeExecutionData !== false);
    });
  }

  /** `GetDurableExecutionHistory`: the execution's events, paged, optionally newest first. */
  getDurableExecutionHistory(
    request: GetDurableExecutionHistoryRequest,
  ): Promise<GetDurableExecutionHistoryResponse> {
    return this.#call(ServiceApi.getHistory, request, request?.DurableExecutionArn, () => {
      const exec = this.#requireExecution(request.DurableExecutionArn, "GetDurableExecutionHistory");
      const pageSize = parsePageSize(request.MaxItems, "GetDurableExecutionHistory");
      const offset = this.#markerOffset(request.Marker, "history", exec, "GetDurableExecutionHistory");
      this.#fireDueTimersOf(exec);
      const all = request.ReverseOrder === true ? [...exec.history.events].reverse() : exec.history.events;
      const includeData = request.IncludeExecutionData !== false;
      const page = all
        .slice(offset, offset + pageSize)
        .map((event) => (includeData ? copy(event) : withoutExecutionData(copy(event))));
      const response: GetDurableExecutionHistoryResponse = { Events: page };
      if (offset + page.length < all.length) {
        response.NextMarker = encodeMarker({
          kind: "history",
          executionId: exec.id,
          offset: offset + page.length,
        });
      }
      return response;
    });
  }

  /** `StopDurableExecution`: ends a running execution with status STOPPED. */
  stopDurableExecution(request: StopDurableExecutionRequest): Promise<StopDurableExecutionResponse> {
    return this.#call(ServiceApi.stop, request, request?.DurableExecutionArn, () => {
      const exec = this.#requireExecution(request.DurableExecutionArn, "StopDurableExecution");
      validateErrorObject(request.Error, "StopDurableExecution");
      this.#fireDueTimersOf(exec);
      if (exec.status !== ExecutionStatus.RUNNING) {
        throw invalidParameter(
          `Cannot stop durable execution ${exec.arn}: it has already completed with status ${exec.status}.`,
        );
      }
      this.#finishExecution(exec, ExecutionStatus.STOPPED, { error: request.Error ?? undefined });
      return { StopTimestamp: new Date(exec.endTimestamp ?? this.clock.now()) };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  async #call<T>(api: ServiceApi, params: unknown, executionArn: unknown, run: () => T): Promise<T> {
    const record: ServiceRequestRecord = {
      api,
      executionArn: typeof executionArn === "string" ? executionArn : undefined,
      params: this.#safeCopy(params),
      timestamp: this.clock.date(),
    };
    try {
      const fault = this.#faults.next(api);
      if (fault !== undefined && !fault.persist) throw fault.error;
      const response = run();
      record.response = copy(response);
      if (fault !== undefined) throw fault.error;
      return response;
    } catch (error) {
      record.error = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      if (this.#recordRequests) this.#requests.push(record);
      for (const listener of [...this.#requestListeners]) listener(record);
    }
  }

  #describe(exec: ExecutionRecord, includeData: boolean): GetDurableExecutionResponse {
    const response: GetDurableExecutionResponse = {
      DurableExecutionArn: exec.arn,
      DurableExecutionName: exec.name,
      FunctionArn: exec.functionArn,
      StartTimestamp: new Date(exec.startTimestamp),
      Status: exec.status,
      Version: exec.version,
      ExecutionDataIncluded: includeData,
    };
    if (exec.endTimestamp !== undefined) response.EndTimestamp = new Date(exec.endTimestamp);
    if (exec.executionTimeoutSeconds !== undefined) {
      response.DurableConfig = { ExecutionTimeout: exec.executionTimeoutSeconds };
    }
    if (includeData) {
      response.InputPayload = exec.input;
      if (exec.result !== undefined) response.Result = exec.result;
      if (exec.error !== undefined) response.Error = copy(exec.error);
    }
    return response;
  }

  #safeCopy(value: unknown): unknown {
    try {
      return copy(value);
    } catch {
      return value;
    }
  }

  #startExecution(request: StartExecutionRequest, parent: ExecutionRecord["parent"]): string {
    if (typeof request?.functionName !== "string") {
      throw new LocalRunnerError("startExecution: functionName is required.");
    }
    const functionName = functionNameFrom(request.functionName);
    if (!isValidFunctionName(functionName)) {
      throw new LocalRunnerError(
        `startExecution: ${JSON.stringify(request.functionName)} is not a valid Lambda function name (1-64 letters, digits, "-" or "_").`,
      );
    }
    const input = request.input ?? "{}";
    if (typeof input !== "string") {
      throw new LocalRunnerError(
        "startExecution: input must be JSON text (a string); JSON.stringify your event first.",
      );
    }
    if (byteLength(input) > ServiceLimits.executionInputBytes) {
      throw invalidParameter(
        `The execution input is ${byteLength(input)} bytes, over the limit of ${ServiceLimits.executionInputBytes} bytes.`,
      );
    }
    const name = request.executionName ?? randomUUID();
    if (!isValidExecutionName(name)) {
      throw new LocalRunnerError(
        `startExecution: ${JSON.stringify(name)} is not a valid execution name (1-64 letters, digits, ".", "-" or "_").`,
      );
    }
    const timeout = request.executionTimeoutSeconds;
    if (
      timeout !== undefined &&
      (!Number.isInteger(timeout) || timeout < 1 || timeout > ServiceLimits.maxDurationSeconds)
    ) {
      throw new LocalRunnerError(
        `startExecution: executionTimeoutSeconds must be a whole number from 1 to ${ServiceLimits.maxDurationSeconds}; got ${timeout}.`,
      );
    }
    const nameKey = `${functionName}\n${name}`;
    const existing = this.#executionsByName.get(nameKey);
    if (existing !== undefined) {
      if (existing.input === input) return existing.arn;
      throw new DurableServiceError(
        ServiceErrorCode.DurableExecutionAlreadyStarted,
        `A durable execution named ${name} already exists for function ${functionName} with a different input. ` +
          `Use a new execution name, or the same input to get the existing execution.`,
      );
    }
    const version = request.version ?? ServiceDefaults.functionVersion;
    const id = randomUUID();
    const arn = durableExecutionArn(this.#scope, functionName, version, name, id);
    const now = this.clock.date();
    const exec: ExecutionRecord = {
      id,
      arn,
      name,
      functionName,
      functionArn: functionArn(this.#scope, functionName, version),
      version,
      input,
      status: ExecutionStatus.RUNNING,
      startTimestamp: now,
      operations: new Map(),
      history: new HistoryLog(),
      invocationCount: 0,
      undelivered: new Set(),
      timers: new Map(),
      inFlight: new Set(),
      completionWaiters: [],
    };
    if (timeout !== undefined) exec.executionTimeoutSeconds = timeout;
    if (parent !== undefined) exec.parent = parent;
    const executionOperation: Operation = {
      Id: id,
      Type: OperationType.EXECUTION,
      StartTimestamp: now,
      Status: OperationStatus.STARTED,
      ExecutionDetails: { InputPayload: input },
    };
    exec.operations.set(id, { op: executionOperation });
    exec.history.append(EventType.ExecutionStarted, now, executionOperation, {
      Input: { Payload: input },
      ExecutionTimeout: timeout,
    });
    if (timeout !== undefined)
      this.#setTimer(exec, "executionTimeout", id, now.getTime() + timeout * MS_PER_SECOND);
    this.#executions.set(id, exec);
    this.#executionsByArn.set(arn, exec);
    this.#executionsByName.set(nameKey, exec);
    return arn;
  }

  #requireExecutionInternal(executionArn: string, method: string): ExecutionRecord {
    const exec = this.#executionsByArn.get(executionArn);
    if (exec === undefined) {
      throw new LocalRunnerError(
        `${method}: no durable execution ${executionArn} exists in this local service.`,
      );
    }
    return exec;
  }

  /** For the management APIs, which answer an unknown ARN with ResourceNotFoundException. */
  #requireExecution(executionArn: unknown, api: string): ExecutionRecord {
    if (typeof executionArn !== "string" || executionArn.length === 0) {
      throw invalidParameter(`${api}: DurableExecutionArn is required.`);
    }
    const exec = this.#executionsByArn.get(executionArn);
    if (exec === undefined) {
      throw new DurableServiceError(
        ServiceErrorCode.ResourceNotFound,
        `Durable execution not found: ${executionArn}. Check the ARN; executions exist only in the service that started them.`,
      );
    }
    return exec;
  }

  /**
   * For the APIs a function calls (checkpoint, state). Their API model has no ResourceNotFoundException,
   * so an unknown ARN is an invalid parameter.
   */
  #requireExecutionForFunction(executionArn: unknown, api: string): ExecutionRecord {
    if (typeof executionArn !== "string" || executionArn.length === 0) {
      throw invalidParameter(
        `${api}: DurableExecutionArn is required; pass the ARN from the invocation event.`,
      );
    }
    const exec = this.#executionsByArn.get(executionArn);
    if (exec === undefined) {
      throw invalidParameter(
        `${api}: no durable execution ${executionArn} exists. Pass the DurableExecutionArn from the invocation event.`,
      );
    }
    return exec;
  }

  #markerOffset(marker: unknown, kind: "state" | "history", exec: ExecutionRecord, api: string): number {
    if (marker === undefined || marker === null || marker === "") return 0;
    const data = decodeMarker(marker);
    if (data === undefined || data.kind !== kind || data.executionId !== exec.id) {
      throw invalidParameter(
        `${api}: invalid Marker. Pass the NextMarker of the previous page of the same execution.`,
      );
    }
    return data.offset;
  }

  /** Operations in start order, without children of completed contexts that do not replay children. */
  #visibleOperations(exec: ExecutionRecord): OperationRecord[] {
    const hidden = new Set<string>();
    const visible: OperationRecord[] = [];
    for (const record of exec.operations.values()) {
      const parentId = record.op.ParentId;
      if (parentId !== undefined) {
        const parent = exec.operations.get(parentId);
        const parentHidesChildren =
          parent !== undefined &&
          parent.op.Type === OperationType.CONTEXT &&
          (parent.op.Status === OperationStatus.SUCCEEDED || parent.op.Status === OperationStatus.FAILED) &&
          parent.op.ContextDetails?.ReplayChildren !== true;
        if (hidden.has(parentId) || parentHidesChildren) {
          hidden.add(record.op.Id as string);
          continue;
        }
      }
      visible.push(record);
    }
    return visible;
  }

  #inStartOrder(exec: ExecutionRecord, ids: Iterable<string>): OperationRecord[] {
    const wanted = new Set(ids);
    const ordered: OperationRecord[] = [];
    if (wanted.size === 0) return ordered;
    for (const [id, record] of exec.operations) {
      if (wanted.has(id)) ordered.push(record);
    }
    return ordered;
  }

  #hasPendingWork(exec: ExecutionRecord): boolean {
    if (exec.undelivered.size > 0) return true;
    for (const { op } of exec.operations.values()) {
      switch (op.Type) {
        case OperationType.WAIT:
        case OperationType.CALLBACK:
        case OperationType.CHAINED_INVOKE:
          if (op.Status === OperationStatus.STARTED) return true;
          break;
        case OperationType.STEP:
          if (op.Status === OperationStatus.PENDING || op.Status === OperationStatus.READY) return true;
          break;
      }
    }
    return false;
  }

  // --- checkpoint -------------------------------------------------------------------------------

  #checkpoint(request: CheckpointDurableExecutionRequest): CheckpointDurableExecutionResponse {
    const exec = this.#requireExecutionForFunction(
      request?.DurableExecutionArn,
      "CheckpointDurableExecution",
    );
    if (typeof request.CheckpointToken !== "string" || request.CheckpointToken.length === 0) {
      throw invalidParameter(
        "CheckpointDurableExecution: CheckpointToken is required; use the token from the invocation event or the previous checkpoint response.",
      );
    }
    const token = decodeCheckpointToken(request.CheckpointToken);
    if (token === undefined) {
      throw invalidToken(
        "the token was not issued by this service. Use the token from the invocation event.",
      );
    }
    if (token.executionId !== exec.id) {
      throw invalidToken("the token was issued for a different durable execution.");
    }
    this.#fireDueTimersOf(exec);
    const invocation = exec.invocation;
    const sameInvocation = invocation !== undefined && token.invocation === invocation.number;
    if (
      sameInvocation &&
      token.seq !== invocation.seq &&
      invocation.last !== undefined &&
      token.seq === invocation.last.seq &&
      typeof request.ClientToken === "string" &&
      request.ClientToken === invocation.last.clientToken
    ) {
      // A retry of the previous request (same token, same ClientToken): same answer, applied once.
      return copy(invocation.last.response);
    }
    if (exec.status !== ExecutionStatus.RUNNING) {
      throw invalidToken(
        `durable execution ${exec.arn} has already completed (${exec.status}); it accepts no more checkpoints.`,
      );
    }
    if (!sameInvocation) {
      throw invalidToken(
        "the invocation that received this token has ended. Each invocation must use the token from its own event.",
      );
    }
    if (token.seq !== invocation.seq) {
      throw invalidToken(
        "the token has already been used. Send each checkpoint with the CheckpointToken returned by the previous checkpoint response.",
      );
    }
    const updates = request.Updates ?? [];
    if (!Array.isArray(updates)) {
      throw invalidParameter("CheckpointDurableExecution: Updates must be a list of operation updates.");
    }
    validateCheckpointUpdates(
      updates,
      (id) => {
        const record = exec.operations.get(id);
        return record === undefined
          ? undefined
          : { Type: record.op.Type as string, Status: record.op.Status as string };
      },
      exec.id,
    );
    const invokesToRun: OperationRecord[] = [];
    for (const update of updates) this.#applyUpdate(exec, update, invokesToRun);

    invocation.seq += 1;
    const response: CheckpointDurableExecutionResponse = {
      CheckpointToken: encodeCheckpointToken({
        executionId: exec.id,
        invocation: invocation.number,
        seq: invocation.seq,
      }),
      NewExecutionState: { Operations: this.#drainDirty(exec, invocation) },
    };
    invocation.last = {
      seq: token.seq,
      clientToken: typeof request.ClientToken === "string" ? request.ClientToken : undefined,
      response: copy(response),
    };
    for (const record of invokesToRun) this.#runChainedInvoke(exec, record);
    return response;
  }

  #drainDirty(exec: ExecutionRecord, invocation: InvocationRecord): Operation[] {
    const records = this.#inStartOrder(exec, invocation.dirty);
    invocation.dirty.clear();
    return records.map((record) => {
      exec.undelivered.delete(record.op.Id as string);
      return copy(record.op);
    });
  }

  #changed(exec: ExecutionRecord, record: OperationRecord, external: boolean): void {
    const id = record.op.Id as string;
    exec.invocation?.dirty.add(id);
    if (external) exec.undelivered.add(id);
    if (this.#changeListeners.size > 0) {
      const change: ServiceChange = {
        kind: "operation",
        executionArn: exec.arn,
        operation: copy(record.op),
        external,
      };
      for (const listener of [...this.#changeListeners]) listener(change);
    }
  }

  #applyUpdate(exec: ExecutionRecord, update: OperationUpdate, invokesToRun: OperationRecord[]): void {
    const now = this.clock.date();
    if (update.Type === OperationType.EXECUTION) {
      // Any EXECUTION update applies to the execution itself, whatever its Id (large-result path).
      if (update.Action === OperationAction.SUCCEED) {
        this.#finishExecution(exec, ExecutionStatus.SUCCEEDED, { result: update.Payload });
      } else {
        this.#finishExecution(exec, ExecutionStatus.FAILED, { error: update.Error });
      }
      return;
    }
    const id = update.Id as string;
    let record = exec.operations.get(id);
    if (record === undefined) {
      const op: Operation = {
        Id: id,
        Type: update.Type,
        StartTimestamp: now,
        Status: OperationStatus.STARTED,
      };
      if (update.ParentId != null) op.ParentId = update.ParentId;
      if (update.Name != null) op.Name = update.Name;
      if (update.SubType != null) op.SubType = update.SubType;
      record = { op };
      exec.operations.set(id, record);
    }
    const op = record.op;
    switch (update.Type) {
      case OperationType.STEP:
        this.#applyStep(exec, record, update, now);
        break;
      case OperationType.CONTEXT:
        this.#applyContext(exec, op, update, now);
        break;
      case OperationType.WAIT:
        this.#applyWait(exec, record, update, now);
        break;
      case OperationType.CALLBACK:
        this.#applyCallback(exec, record, update, now);
        break;
      case OperationType.CHAINED_INVOKE:
        this.#applyChainedInvoke(exec, record, update, now, invokesToRun);
        break;
    }
    this.#changed(exec, record, false);
  }

  #applyStep(exec: ExecutionRecord, record: OperationRecord, update: OperationUpdate, now: Date): void {
    const op = record.op;
    const attemptsSoFar = op.StepDetails?.Attempt ?? 0;
    switch (update.Action) {
      case OperationAction.START:
        op.Status = OperationStatus.STARTED;
        this.#clearTimer(exec, "retry", op.Id as string);
        exec.history.append(EventType.StepStarted, now, op, {});
        return;
      case OperationAction.SUCCEED:
      case OperationAction.FAIL: {
        const succeeded = update.Action === OperationAction.SUCCEED;
        op.Status = succeeded ? OperationStatus.SUCCEEDED : OperationStatus.FAILED;
        op.EndTimestamp = now;
        op.StepDetails = { Attempt: attemptsSoFar + 1 };
        if (succeeded && update.Payload != null) op.StepDetails.Result = update.Payload;
        if (!succeeded && update.Error != null) op.StepDetails.Error = update.Error;
        this.#clearTimer(exec, "retry", op.Id as string);
        const retryDetails = { CurrentAttempt: attemptsSoFar + 1 };
        if (succeeded) {
          exec.history.append(EventType.StepSucceeded, now, op, {
            Result: payloadOf(update.Payload ?? undefined),
            RetryDetails: retryDetails,
          });
        } else {
          exec.history.append(EventType.StepFailed, now, op, {
            Error: errorOf(update.Error ?? undefined),
            RetryDetails: retryDetails,
          });
        }
        return;
      }
      case OperationAction.RETRY: {
        const delaySeconds = update.StepOptions?.NextAttemptDelaySeconds ?? 0;
        const nextAttempt = new Date(now.getTime() + delaySeconds * MS_PER_SECOND);
        op.Status = OperationStatus.PENDING;
        op.StepDetails = { Attempt: attemptsSoFar + 1, NextAttemptTimestamp: nextAttempt };
        if (update.Payload != null) op.StepDetails.Result = update.Payload;
        if (update.Error != null) op.StepDetails.Error = update.Error;
        this.#setTimer(exec, "retry", op.Id as string, nextAttempt.getTime());
        const retryDetails = { CurrentAttempt: attemptsSoFar + 1, NextAttemptDelaySeconds: delaySeconds };
        // A failed attempt is a StepFailed event; a waitForCondition state (Payload) a StepSucceeded.
        if (update.Error != null) {
          exec.history.append(EventType.StepFailed, now, op, {
            Error: errorOf(update.Error),
            RetryDetails: retryDetails,
          });
        } else {
          exec.history.append(EventType.StepSucceeded, now, op, {
            Result: payloadOf(update.Payload ?? undefined),
            RetryDetails: retryDetails,
          });
        }
        return;
      }
    }
  }

  #applyContext(exec: ExecutionRecord, op: Operation, update: OperationUpdate, now: Date): void {
    const replayChildren = update.ContextOptions?.ReplayChildren ?? op.ContextDetails?.ReplayChildren;
    switch (update.Action) {
      case OperationAction.START:
        op.Status = OperationStatus.STARTED;
        op.ContextDetails = replayChildren === undefined ? {} : { ReplayChildren: replayChildren };
        exec.history.append(EventType.ContextStarted, now, op, {});
        return;
      case OperationAction.SUCCEED:
        op.Status = OperationStatus.SUCCEEDED;
        op.EndTimestamp = now;
        op.ContextDetails = replayChildren === undefined ? {} : { ReplayChildren: replayChildren };
        if (update.Payload != null) op.ContextDetails.Result = update.Payload;
        exec.history.append(EventType.ContextSucceeded, now, op, {
          Result: payloadOf(update.Payload ?? undefined),
        });
        return;
      case OperationAction.FAIL:
        op.Status = OperationStatus.FAILED;
        op.EndTimestamp = now;
        op.ContextDetails = replayChildren === undefined ? {} : { ReplayChildren: replayChildren };
        if (update.Error != null) op.ContextDetails.Error = update.Error;
        exec.history.append(EventType.ContextFailed, now, op, { Error: errorOf(update.Error ?? undefined) });
        return;
    }
  }

  #applyWait(exec: ExecutionRecord, record: OperationRecord, update: OperationUpdate, now: Date): void {
    const op = record.op;
    if (update.Action === OperationAction.START) {
      const seconds = update.WaitOptions?.WaitSeconds ?? ServiceLimits.minWaitSeconds;
      const end = new Date(now.getTime() + seconds * MS_PER_SECOND);
      record.waitSeconds = seconds;
      op.Status = OperationStatus.STARTED;
      op.WaitDetails = { ScheduledEndTimestamp: end };
      this.#setTimer(exec, "wait", op.Id as string, end.getTime());
      exec.history.append(EventType.WaitStarted, now, op, { Duration: seconds, ScheduledEndTimestamp: end });
      return;
    }
    // CANCEL
    op.Status = OperationStatus.CANCELLED;
    op.EndTimestamp = now;
    this.#clearTimer(exec, "wait", op.Id as string);
    exec.history.append(
      EventType.WaitCancelled,
      now,
      op,
      update.Error == null ? {} : { Error: errorOf(update.Error) },
    );
  }

  #applyCallback(exec: ExecutionRecord, record: OperationRecord, update: OperationUpdate, now: Date): void {
    const op = record.op;
    const id = op.Id as string;
    if (update.Action === OperationAction.START) {
      const timeout = update.CallbackOptions?.TimeoutSeconds ?? 0;
      const heartbeat = update.CallbackOptions?.HeartbeatTimeoutSeconds ?? 0;
      const callbackId = createCallbackId(exec.id, id);
      op.Status = OperationStatus.STARTED;
      op.CallbackDetails = { CallbackId: callbackId };
      record.heartbeatSeconds = heartbeat;
      if (timeout > 0) this.#setTimer(exec, "callbackTimeout", id, now.getTime() + timeout * MS_PER_SECOND);
      if (heartbeat > 0)
        this.#setTimer(exec, "callbackHeartbeat", id, now.getTime() + heartbeat * MS_PER_SECOND);
      exec.history.append(EventType.CallbackStarted, now, op, {
        CallbackId: callbackId,
        ...(timeout > 0 ? { Timeout: timeout } : {}),
        ...(heartbeat > 0 ? { HeartbeatTimeout: heartbeat } : {}),
      });
      return;
    }
    // CANCEL: the API has no CallbackCancelled event; the operation just closes.
    op.Status = OperationStatus.CANCELLED;
    op.EndTimestamp = now;
    this.#clearTimer(exec, "callbackTimeout", id);
    this.#clearTimer(exec, "callbackHeartbeat", id);
  }

  #applyChainedInvoke(
    exec: ExecutionRecord,
    record: OperationRecord,
    update: OperationUpdate,
    now: Date,
    invokesToRun: OperationRecord[],
  ): void {
    const op = record.op;
    if (update.Action === OperationAction.CANCEL) {
      op.Status = OperationStatus.STOPPED;
      op.EndTimestamp = now;
      const error = update.Error ?? {
        ErrorType: "ChainedInvokeStopped",
        ErrorMessage: "The chained invoke was cancelled.",
      };
      op.ChainedInvokeDetails = { Error: error };
      exec.history.append(EventType.ChainedInvokeStopped, now, op, { Error: errorOf(error) });
      const nested =
        record.nestedExecutionArn === undefined
          ? undefined
          : this.#executionsByArn.get(record.nestedExecutionArn);
      if (nested !== undefined && nested.status === ExecutionStatus.RUNNING) {
        this.#finishExecution(nested, ExecutionStatus.STOPPED, { error });
      }
      return;
    }
    const requestedName = update.ChainedInvokeOptions?.FunctionName as string;
    const tenantId = update.ChainedInvokeOptions?.TenantId;
    const targetName = functionNameFrom(requestedName);
    const target = this.#functions.get(targetName);
    op.Status = OperationStatus.STARTED;
    op.ChainedInvokeDetails = {};
    record.invoke = {
      functionName: requestedName,
      targetName,
      payload: update.Payload ?? undefined,
      tenantId: tenantId ?? undefined,
    };
    let nestedArn: string | undefined;
    if (target?.durable === true) {
      nestedArn = this.#startExecution(
        { functionName: targetName, input: update.Payload ?? undefined },
        { executionId: exec.id, operationId: op.Id as string },
      );
      record.nestedExecutionArn = nestedArn;
    }
    exec.history.append(EventType.ChainedInvokeStarted, now, op, {
      FunctionName: requestedName,
      ...(tenantId == null ? {} : { TenantId: tenantId }),
      Input: payloadOf(update.Payload ?? undefined),
      ...(target === undefined ? {} : { ExecutedVersion: ServiceDefaults.functionVersion }),
      ...(nestedArn === undefined ? {} : { DurableExecutionArn: nestedArn }),
    });
    if (target === undefined) {
      // Lambda resolves the function when it starts the invoke: an unknown function fails the
      // operation at once, so the START's own response already shows it FAILED.
      this.#completeChainedInvoke(exec, record, OperationStatus.FAILED, {
        error: {
          ErrorType: ServiceErrorCode.ResourceNotFound,
          ErrorMessage:
            `Function not found: ${functionArn(this.#scope, targetName, ServiceDefaults.functionVersion)}. ` +
            `Register it with runner.registerFunction("${targetName}", handler) before the execution invokes it.`,
        },
        external: false,
      });
      return;
    }
    invokesToRun.push(record);
  }

  #runChainedInvoke(exec: ExecutionRecord, record: OperationRecord): void {
    const op = record.op;
    const invoke = record.invoke;
    const target = invoke === undefined ? undefined : this.#functions.get(invoke.targetName);
    if (invoke === undefined || target === undefined) return;
    let work: Promise<void>;
    if (target.durable) {
      const nestedArn = record.nestedExecutionArn as string;
      work = Promise.resolve()
        .then(() => target.run(nestedArn))
        .catch((error: unknown) => {
          this.#completeChainedInvoke(exec, record, OperationStatus.FAILED, {
            error: errorObjectFrom(error),
            external: true,
          });
        });
    } else {
      work = Promise.resolve()
        .then(() =>
          target.invoke({
            functionName: invoke.functionName,
            payload: invoke.payload,
            tenantId: invoke.tenantId,
            callerExecutionArn: exec.arn,
            operationId: op.Id as string,
          }),
        )
        .then(
          (result) => {
            this.#completeChainedInvoke(exec, record, OperationStatus.SUCCEEDED, { result, external: true });
          },
          (error: unknown) => {
            this.#completeChainedInvoke(exec, record, OperationStatus.FAILED, {
              error: errorObjectFrom(error),
              external: true,
            });
          },
        );
    }
    const tracked = work.finally(() => {
      exec.inFlight.delete(tracked);
    });
    exec.inFlight.add(tracked);
  }

  #completeChainedInvoke(
    exec: ExecutionRecord,
    record: OperationRecord,
    status:
      | typeof OperationStatus.SUCCEEDED
      | typeof OperationStatus.FAILED
      | typeof OperationStatus.TIMED_OUT
      | typeof OperationStatus.STOPPED,
    outcome: { result?: string | undefined; error?: ErrorObject | undefined; external: boolean },
  ): void {
    const op = record.op;
    if (exec.status !== ExecutionStatus.RUNNING || op.Status !== OperationStatus.STARTED) return;
    const now = this.clock.date();
    op.Status = status;
    op.EndTimestamp = now;
    op.ChainedInvokeDetails = {};
    if (outcome.result !== undefined) op.ChainedInvokeDetails.Result = outcome.result;
    if (outcome.error !== undefined) op.ChainedInvokeDetails.Error = outcome.error;
    switch (status) {
      case OperationStatus.SUCCEEDED:
        exec.history.append(EventType.ChainedInvokeSucceeded, now, op, { Result: payloadOf(outcome.result) });
        break;
      case OperationStatus.FAILED:
        exec.history.append(EventType.ChainedInvokeFailed, now, op, { Error: errorOf(outcome.error) });
        break;
      case OperationStatus.TIMED_OUT:
        exec.history.append(EventType.ChainedInvokeTimedOut, now, op, { Error: errorOf(outcome.error) });
        break;
      case OperationStatus.STOPPED:
        exec.history.append(EventType.ChainedInvokeStopped, now, op, { Error: errorOf(outcome.error) });
        break;
    }
    // Inside a checkpoint (unknown function) the update's own change notice covers it.
    if (outcome.external) this.#changed(exec, record, true);
  }

  // --- callbacks --------------------------------------------------------------------------------

  #openCallback(callbackId: unknown, api: string): { exec: ExecutionRecord; record: OperationRecord } {
    if (typeof callbackId !== "string" || callbackId.length === 0) {
      throw invalidParameter(`${api}: CallbackId is required.`);
    }
    const data = decodeCallbackId(callbackId);
    if (data === undefined) {
      throw invalidParameter(
        `${api}: invalid CallbackId; it was not issued by this service. Use the CallbackId from the CALLBACK operation.`,
      );
    }
    const exec = this.#executions.get(data.executionId);
    const record = exec?.operations.get(data.operationId);
    if (exec === undefined || record === undefined || record.op.CallbackDetails?.CallbackId !== callbackId) {
      throw new DurableServiceError(
        ServiceErrorCode.ResourceNotFound,
        `${api}: callback ${callbackId} not found. Check the CallbackId; callbacks exist only in the service that issued them.`,
      );
    }
    this.#fireDueTimersOf(exec);
    if (record.op.Status !== OperationStatus.STARTED || exec.status !== ExecutionStatus.RUNNING) {
      const state =
        record.op.Status !== OperationStatus.STARTED
          ? `is ${record.op.Status}`
          : `belongs to an execution that is ${exec.status}`;
      throw new DurableServiceError(
        ServiceErrorCode.CallbackTimeout,
        `The callback ID token has either expired or the callback associated with the token has already been closed: the callback ${state}.`,
      );
    }
    return { exec, record };
  }

  #closeCallback(
    exec: ExecutionRecord,
    record: OperationRecord,
    status:
      | typeof OperationStatus.SUCCEEDED
      | typeof OperationStatus.FAILED
      | typeof OperationStatus.TIMED_OUT,
    outcome: { result?: string | undefined; error?: ErrorObject },
  ): void {
    const op = record.op;
    const id = op.Id as string;
    const now = this.clock.date();
    op.Status = status;
    op.EndTimestamp = now;
    op.CallbackDetails = { CallbackId: op.CallbackDetails?.CallbackId };
    if (outcome.result !== undefined) op.CallbackDetails.Result = outcome.result;
    if (outcome.error !== undefined) op.CallbackDetails.Error = outcome.error;
    this.#clearTimer(exec, "callbackTimeout", id);
    this.#clearTimer(exec, "callbackHeartbeat", id);
    switch (status) {
      case OperationStatus.SUCCEEDED:
        exec.history.append(EventType.CallbackSucceeded, now, op, { Result: payloadOf(outcome.result) });
        break;
      case OperationStatus.FAILED:
        exec.history.append(EventType.CallbackFailed, now, op, { Error: errorOf(outcome.error) });
        break;
      case OperationStatus.TIMED_OUT:
        exec.history.append(EventType.CallbackTimedOut, now, op, { Error: errorOf(outcome.error) });
        break;
    }
    this.#changed(exec, record, true);
  }

  // --- timers -----------------------------------------------------------------------------------

  #setTimer(exec: ExecutionRecord, kind: TimerKind, operationId: string, dueAt: number): void {
    exec.timers.set(`${kind}:${operationId}`, { kind, operationId, dueAt });
  }

  #clearTimer(exec: ExecutionRecord, kind: TimerKind, operationId: string): void {
    exec.timers.delete(`${kind}:${operationId}`);
  }

  #fireDueTimersOf(exec: ExecutionRecord): number {
    if (exec.timers.size === 0) return 0;
    const now = this.clock.now();
    const due = [...exec.timers.entries()]
      .filter(([, timer]) => timer.dueAt <= now)
      .sort(([, a], [, b]) => a.dueAt - b.dueAt);
    let fired = 0;
    for (const [key, timer] of due) {
      if (!exec.timers.has(key)) continue; // cleared by an earlier timer in this batch
      exec.timers.delete(key);
      if (exec.status !== ExecutionStatus.RUNNING) break;
      fired += 1;
      this.#fireTimer(exec, timer);
    }
    return fired;
  }

  #fireTimer(exec: ExecutionRecord, timer: Timer): void {
    if (timer.kind === "executionTimeout") {
      this.#finishExecution(exec, ExecutionStatus.TIMED_OUT, {
        error: {
          ErrorType: "ExecutionTimedOut",
          ErrorMessage: `The durable execution timed out after ${exec.executionTimeoutSeconds} seconds.`,
        },
      });
      return;
    }
    const record = exec.operations.get(timer.operationId);
    if (record === undefined) return;
    const op = record.op;
    const now = this.clock.date();
    switch (timer.kind) {
      case "retry":
        if (op.Status !== OperationStatus.PENDING) return;
        op.Status = OperationStatus.READY;
        this.#changed(exec, record, true);
        return;
      case "wait":
        if (op.Status !== OperationStatus.STARTED) return;
        op.Status = OperationStatus.SUCCEEDED;
        op.EndTimestamp = now;
        exec.history.append(EventType.WaitSucceeded, now, op, { Duration: record.waitSeconds });
        this.#changed(exec, record, true);
        return;
      case "callbackTimeout":
      case "callbackHeartbeat":
        if (op.Status !== OperationStatus.STARTED) return;
        this.#closeCallback(exec, record, OperationStatus.TIMED_OUT, {
          error: { ErrorMessage: CALLBACK_TIMEOUT_MESSAGES[timer.kind] },
        });
        return;
    }
  }

  // --- execution end ----------------------------------------------------------------------------

  #finishExecution(
    exec: ExecutionRecord,
    status: Exclude<LambdaExecutionStatus, "RUNNING">,
    outcome: { result?: string | undefined; error?: ErrorObject | undefined },
  ): void {
    if (TERMINAL_EXECUTION_STATUSES.has(exec.status)) return;
    const now = this.clock.date();
    exec.status = status;
    exec.endTimestamp = now;
    if (outcome.result !== undefined) exec.result = outcome.result;
    if (outcome.error !== undefined) exec.error = outcome.error;
    exec.timers.clear();
    const record = exec.operations.get(exec.id) as OperationRecord;
    record.op.Status = status;
    record.op.EndTimestamp = now;
    switch (status) {
      case ExecutionStatus.SUCCEEDED:
        exec.history.append(EventType.ExecutionSucceeded, now, record.op, {
          Result: payloadOf(outcome.result),
        });
        break;
      case ExecutionStatus.FAILED:
        exec.history.append(EventType.ExecutionFailed, now, record.op, { Error: errorOf(outcome.error) });
        break;
      case ExecutionStatus.STOPPED:
        exec.history.append(EventType.ExecutionStopped, now, record.op, { Error: errorOf(outcome.error) });
        break;
      case ExecutionStatus.TIMED_OUT:
        exec.history.append(EventType.ExecutionTimedOut, now, record.op, { Error: errorOf(outcome.error) });
        break;
    }
    this.#changed(exec, record, false);
    if (this.#changeListeners.size > 0) {
      const change: ServiceChange = { kind: "execution", executionArn: exec.arn, status };
      for (const listener of [...this.#changeListeners]) listener(change);
    }
    const waiters = exec.completionWaiters.splice(0);
    for (const resolve of waiters) resolve();
    if (exec.parent !== undefined) this.#reportToParent(exec, exec.parent);
  }

  #reportToParent(exec: ExecutionRecord, parentRef: NonNullable<ExecutionRecord["parent"]>): void {
    const parent = this.#executions.get(parentRef.executionId);
    const record = parent?.operations.get(parentRef.operationId);
    if (parent === undefined || record === undefined) return;
    const statusFor = {
      SUCCEEDED: OperationStatus.SUCCEEDED,
      FAILED: OperationStatus.FAILED,
      TIMED_OUT: OperationStatus.TIMED_OUT,
      STOPPED: OperationStatus.STOPPED,
    } as const;
    const status = statusFor[exec.status as keyof typeof statusFor];
    if (status === undefined) return;
    this.#completeChainedInvoke(parent, record, status, {
      result: exec.result,
      error:
        exec.error ??
        (status === OperationStatus.SUCCEEDED ? undefined : { ErrorMessage: `Execution ${exec.status}` }),
      external: true,
    });
  }
}
