import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  GetDurableExecutionRequest,
  GetDurableExecutionResponse,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  SendDurableExecutionCallbackFailureRequest,
  SendDurableExecutionCallbackFailureResponse,
  SendDurableExecutionCallbackHeartbeatRequest,
  SendDurableExecutionCallbackHeartbeatResponse,
  SendDurableExecutionCallbackSuccessResponse,
  StopDurableExecutionRequest,
  StopDurableExecutionResponse,
} from "@aws-sdk/client-lambda";
import { VirtualClock } from "../clock/virtual-clock.js";
import { LocalRunnerError } from "../errors/service-errors.js";
import { rejectUnknownKeys } from "../options/known-keys.js";
import {
  type CallbackSuccessRequest,
  sendCallbackFailure,
  sendCallbackHeartbeat,
  sendCallbackSuccess,
} from "./api/callbacks.js";
import { checkpoint, getState } from "./api/checkpoint.js";
import { getExecution, getHistory, stopExecution } from "./api/execution.js";
import { type InvokeRequest, type InvokeResponse, prepareInvoke, runInvoke } from "./api/invoke.js";
import {
  fireDueTimersOfFunction,
  type ListDurableExecutionsByFunctionRequest,
  type ListDurableExecutionsByFunctionResponse,
  listByFunction,
} from "./api/list-by-function.js";
import { isValidFunctionName } from "./arns.js";
import { ServiceDefaults } from "./constants.js";
import { type FaultHandle, type FaultSpec, ServiceApi } from "./faults.js";
import { type LocalDurableServiceOptions, SERVICE_DEFAULTS, SERVICE_OPTION_KEYS } from "./options.js";
import { RequestRecorder } from "./request-recorder.js";
import { ServiceRuntime } from "./runtime.js";
import { InMemoryDurableStore } from "./state/in-memory-store.js";
import type { DurableStore } from "./state/store.js";
import { UnitOfWork } from "./state/unit-of-work.js";
import type { ChainedInvokeTarget, ServiceChange, ServiceRequestRecord } from "./types.js";

/**
 * The Lambda side of {@link LocalDurableService}: its state, the Lambda API methods (same shapes
 * as the `@aws-sdk/client-lambda` commands), registered functions, request recording and fault
 * injection. Use it through `LocalDurableService`.
 *
 * @example
 * ```ts
 * const api: LambdaDurableApi = new LocalDurableService();
 * await api.getDurableExecution({ DurableExecutionArn: arn });
 * ```
 */
export class LambdaDurableApi {
  /** The clock every timer runs on. */
  readonly clock: VirtualClock;
  /** Where the state is kept. */
  readonly store: DurableStore;
  protected readonly runtime: ServiceRuntime;
  protected readonly initialStatePageSize: number;
  readonly #recorder: RequestRecorder;

  constructor(options: LocalDurableServiceOptions = {}) {
    rejectUnknownKeys("LocalDurableService", options, SERVICE_OPTION_KEYS);
    this.clock = options.clock ?? new VirtualClock();
    this.store = options.store ?? new InMemoryDurableStore();
    const scope = {
      region: options.region ?? ServiceDefaults.region,
      accountId: options.accountId ?? ServiceDefaults.accountId,
    };
    const pageSize = options.initialStatePageSize ?? SERVICE_DEFAULTS.initialStatePageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new LocalRunnerError(`initialStatePageSize must be a positive integer; got ${pageSize}.`);
    }
    this.initialStatePageSize = pageSize;
    this.runtime = new ServiceRuntime(new UnitOfWork(this.store), this.clock, scope);
    this.#recorder = new RequestRecorder(
      this.clock,
      options.recordRequests ?? SERVICE_DEFAULTS.recordRequests,
    );
  }

  // --- observation and fault injection ---------------------------------------------------------

  /** Every call to the service's Lambda APIs, in order (when `recordRequests` is on). */
  get requests(): readonly ServiceRequestRecord[] {
    return this.#recorder.requests;
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.#recorder.requests.length = 0;
  }

  /**
   * Calls `listener` after every Lambda API call (success or failure).
   * @returns a function that removes the listener.
   */
  onRequest(listener: (record: ServiceRequestRecord) => void): () => void {
    this.#recorder.listeners.add(listener);
    return () => {
      this.#recorder.listeners.delete(listener);
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
   * Calls `listener` whenever an operation or an execution changes (after the change is stored).
   * @returns a function that removes the listener.
   */
  onChange(listener: (change: ServiceChange) => void): () => void {
    this.runtime.changeListeners.add(listener);
    return () => {
      this.runtime.changeListeners.delete(listener);
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
    return this.#recorder.faults.add(spec);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.#recorder.faults.clear();
  }

  // --- functions ---------------------------------------------------------------------------------

  /**
   * Registers a function that `Invoke` and chained invokes can call, by bare name (a request may
   * name it as `name`, `name:qualifier` or an ARN).
   */
  registerFunction(name: string, target: ChainedInvokeTarget): void {
    if (!isValidFunctionName(name)) {
      throw new LocalRunnerError(
        `registerFunction: ${JSON.stringify(name)} is not a valid Lambda function name (1-64 letters, digits, "-" or "_").`,
      );
    }
    this.runtime.functions.set(name, target);
  }

  /** Removes a registered function. */
  unregisterFunction(name: string): void {
    this.runtime.functions.delete(name);
  }

  /** True when a function of that name is registered. */
  hasFunction(name: string): boolean {
    return this.runtime.functions.has(name);
  }

  // --- Lambda APIs ---------------------------------------------------------------------------------

  /**
   * `Invoke`: runs a registered function. For a durable function it starts the durable execution
   * (`DurableExecutionName` makes that idempotent: the same name and payload return the existing
   * execution, a different payload is `DurableExecutionAlreadyStartedException`) and answers with
   * its ARN; `RequestResponse` waits until the function's driver stops and returns the result
   * (or the error, with `FunctionError: "Unhandled"`), `Event` answers 202 at once.
   */
  invoke(request: InvokeRequest): Promise<InvokeResponse> {
    return this.#recorder.call(ServiceApi.invoke, request, undefined, () =>
      runInvoke(
        this.runtime,
        this.transaction(() => prepareInvoke(this.runtime, request)),
      ),
    );
  }

  /** `ListDurableExecutionsByFunction`: a function's executions, filtered and paged. */
  listDurableExecutionsByFunction(
    request: ListDurableExecutionsByFunctionRequest,
  ): Promise<ListDurableExecutionsByFunctionResponse> {
    return this.#recorder.call(ServiceApi.listByFunction, request, undefined, () => {
      this.transaction(() => fireDueTimersOfFunction(this.runtime, request?.FunctionName));
      return this.transaction(() => listByFunction(this.runtime, request));
    });
  }

  /** `GetDurableExecutionState`: pages of the operations a replay needs. */
  getDurableExecutionState(
    request: GetDurableExecutionStateRequest,
  ): Promise<GetDurableExecutionStateResponse> {
    return this.#api(ServiceApi.getState, request, request?.DurableExecutionArn, () =>
      getState(this.runtime, request),
    );
  }

  /** `CheckpointDurableExecution`: validates and applies updates, returns a new token and the changed operations. */
  checkpointDurableExecution(
    request: CheckpointDurableExecutionRequest,
  ): Promise<CheckpointDurableExecutionResponse> {
    return this.#api(ServiceApi.checkpoint, request, request?.DurableExecutionArn, () =>
      checkpoint(this.runtime, request),
    );
  }

  /** `SendDurableExecutionCallbackSuccess`: completes a callback with a result. */
  sendDurableExecutionCallbackSuccess(
    request: CallbackSuccessRequest,
  ): Promise<SendDurableExecutionCallbackSuccessResponse> {
    return this.#api(ServiceApi.callbackSuccess, request, undefined, () =>
      sendCallbackSuccess(this.runtime, request),
    );
  }

  /** `SendDurableExecutionCallbackFailure`: fails a callback with an error. */
  sendDurableExecutionCallbackFailure(
    request: SendDurableExecutionCallbackFailureRequest,
  ): Promise<SendDurableExecutionCallbackFailureResponse> {
    return this.#api(ServiceApi.callbackFailure, request, undefined, () =>
      sendCallbackFailure(this.runtime, request),
    );
  }

  /** `SendDurableExecutionCallbackHeartbeat`: restarts a callback's heartbeat timeout. */
  sendDurableExecutionCallbackHeartbeat(
    request: SendDurableExecutionCallbackHeartbeatRequest,
  ): Promise<SendDurableExecutionCallbackHeartbeatResponse> {
    return this.#api(ServiceApi.callbackHeartbeat, request, undefined, () =>
      sendCallbackHeartbeat(this.runtime, request),
    );
  }

  /** `GetDurableExecution`: status, input, result or error of an execution. */
  getDurableExecution(request: GetDurableExecutionRequest): Promise<GetDurableExecutionResponse> {
    return this.#api(ServiceApi.getExecution, request, request?.DurableExecutionArn, () =>
      getExecution(this.runtime, request),
    );
  }

  /** `GetDurableExecutionHistory`: the execution's events, paged, optionally newest first. */
  getDurableExecutionHistory(
    request: GetDurableExecutionHistoryRequest,
  ): Promise<GetDurableExecutionHistoryResponse> {
    return this.#api(ServiceApi.getHistory, request, request?.DurableExecutionArn, () =>
      getHistory(this.runtime, request),
    );
  }

  /** `StopDurableExecution`: ends a running execution with status STOPPED. */
  stopDurableExecution(request: StopDurableExecutionRequest): Promise<StopDurableExecutionResponse> {
    return this.#api(ServiceApi.stop, request, request?.DurableExecutionArn, () =>
      stopExecution(this.runtime, request),
    );
  }

  // --- internals -----------------------------------------------------------------------------------

  protected transaction<T>(work: () => T): T {
    return this.runtime.state.transaction(work);
  }

  protected withExecution<T>(
    executionArn: string,
    method: string,
    work: (exec: ReturnType<ServiceRuntime["requireExecution"]>) => T,
  ): T {
    return this.transaction(() => work(this.runtime.requireExecution(executionArn, method)));
  }

  #api<T>(api: ServiceApi, request: unknown, executionArn: unknown, run: () => T): Promise<T> {
    return this.#recorder.call(api, request, executionArn, () => this.transaction(run));
  }
}
