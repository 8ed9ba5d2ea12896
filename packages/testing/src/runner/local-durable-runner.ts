import { randomUUID } from "node:crypto";
import type { ErrorObject, Operation } from "@aws-sdk/client-lambda";
import type { Context } from "aws-lambda";
import type { VirtualClock } from "../clock/virtual-clock.js";
import { LocalRunnerError } from "../errors/service-errors.js";
import { type LocalDurableServer, startLocalDurableServer } from "../http/server.js";
import { functionArn } from "../service/arns.js";
import { ExecutionStatus, MS_PER_SECOND, ServiceDefaults } from "../service/constants.js";
import { LocalDurableService } from "../service/local-durable-service.js";
import type { DurableInvocationEnvelope, InvocationOutcome } from "../service/types.js";
import { DurableExecutionInvocationInputWithClient } from "./invocation-input.js";
import { createLambdaContext, LambdaContextDefaults } from "./lambda-context.js";
import { OperationHandle } from "./operation-handle.js";
import { type DurableInvocationOutput, type InvocationRecord, LocalRunResult } from "./run-result.js";

/**
 * A durable Lambda handler: takes the invocation event and a Lambda context, returns (a promise
 * of) `{Status, Result?, Error?}`. Any engine's wrapped handler fits, e.g. the official SDK's
 * `withDurableExecution(fn)`.
 *
 * @example
 * ```ts
 * const handler: LocalDurableHandler = withDurableExecution(async (event, ctx) => ctx.step("a", async () => 1));
 * ```
 */
export type LocalDurableHandler = {
  // Method syntax keeps the parameter check bivariant, so handlers typed with an engine's own
  // event type are accepted.
  handle(event: DurableInvocationEnvelope, context: Context): unknown;
}["handle"];

/** A plain (non-durable) Lambda handler, a target of chained invokes. */
export type PlainLambdaHandler = {
  handle(event: unknown, context: Context, callback: (error?: unknown, result?: unknown) => void): unknown;
}["handle"];

/**
 * How the handler reaches the service.
 *
 * @example
 * ```ts
 * new LocalDurableRunner({ handler, transport: RunnerTransport.http });
 * ```
 */
export const RunnerTransport = {
  /** The event embeds a client bound to the service (no network). */
  inProcess: "in-process",
  /** The service listens on 127.0.0.1 with the real REST paths; the handler must use `runner.endpoint`. */
  http: "http",
} as const;

/** One of the {@link RunnerTransport} values. */
export type RunnerTransport = (typeof RunnerTransport)[keyof typeof RunnerTransport];

/**
 * Options of {@link LocalDurableRunner}.
 *
 * @example
 * ```ts
 * const options: LocalDurableRunnerOptions = { handler, functionName: "orders", maxInvocationRetries: 0 };
 * ```
 */
export interface LocalDurableRunnerOptions {
  /** The durable handler to run. */
  handler: LocalDurableHandler;
  /** Function name used in ARNs and the Lambda context. Default: `durable-function`. */
  functionName?: string;
  /** The service to run against. Default: a new {@link LocalDurableService} on `clock`. */
  service?: LocalDurableService;
  /** Clock of a new service (ignored when `service` is given). Default: a new virtual clock. */
  clock?: VirtualClock;
  /** `'in-process'` (default) or `'http'`. */
  transport?: RunnerTransport;
  /** Host of the HTTP server (http transport). Default: `127.0.0.1`. */
  host?: string;
  /** Port of the HTTP server (http transport). Default: 0 (any free port). */
  port?: number;
  /** Real-time limit of one invocation in ms (Lambda's function timeout). Default: 900000. */
  lambdaTimeoutMs?: number;
  /** How many times a failed invocation (a Lambda error) is retried before the execution fails. Default: 2. */
  maxInvocationRetries?: number;
  /** When only timers are pending, jump the clock to the next one instead of waiting. Default: true. */
  skipTime?: boolean;
  /**
   * Real-time ms to wait for something the runner cannot do itself (a callback from the test, a
   * manual clock move) before `run()` returns with the execution still RUNNING. Default: 5000.
   */
  idleTimeoutMs?: number;
  /** Safety limit of invocations per execution; exceeding it throws. Default: 1000. */
  maxInvocations?: number;
  /** `context.memoryLimitInMB`. Default: 128. */
  memoryLimitInMB?: number;
  /** Execution timeout in seconds for executions this runner starts. Default: none. */
  executionTimeoutSeconds?: number;
}

/**
 * Options of {@link LocalDurableRunner.run}.
 *
 * @example
 * ```ts
 * await runner.run({ input: { orderId: 42 }, executionName: "order-42" });
 * ```
 */
export interface RunOptions {
  /** The event (JSON-serialisable). Default: `{}`. */
  input?: unknown;
  /** Execution name. Default: a new UUID. */
  executionName?: string;
  /** Called (asynchronously, in order) after every change of an operation of this execution. */
  onOperationUpdate?: (operation: Operation, handle: OperationHandle) => void;
}

/** Options of {@link LocalDurableRunner.registerFunction}. */
export interface RegisterFunctionOptions {
  /** True for a durable handler (runs as a nested durable execution). Default: false. */
  durable?: boolean;
}

/** Options of {@link LocalDurableRunner.waitForOperation}. */
export interface WaitForOperationOptions {
  /** Resolve only once the operation has this status. Default: as soon as it exists. */
  status?: string;
  /** Which operation of that name (0-based, in start order). Default: 0. */
  index?: number;
}

const RUNNER_DEFAULTS = {
  functionName: "durable-function",
  transport: RunnerTransport.inProcess,
  host: "127.0.0.1",
  port: 0,
  lambdaTimeoutMs: 900_000,
  maxInvocationRetries: 2,
  skipTime: true,
  idleTimeoutMs: 5_000,
  maxInvocations: 1_000,
} as const;

/** Lambda's limit on a function's response. */
const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

const INVOCATION_STATUSES: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "PENDING"]);

interface OperationWaiter {
  name: string;
  index: number;
  status: string | undefined;
  resolve(handle: OperationHandle): void;
  reject(error: Error): void;
}

function toErrorObject(error: unknown): ErrorObject {
  if (error instanceof Error) {
    const stack = error.stack
      ?.split("\n")
      .slice(1)
      .map((line) => line.trim());
    return {
      ErrorType: error.name,
      ErrorMessage: error.message,
      ...(stack === undefined || stack.length === 0 ? {} : { StackTrace: stack }),
    };
  }
  if (typeof error === "object" && error !== null) {
    const candidate = error as { errorType?: unknown; errorMessage?: unknown };
    if (typeof candidate.errorMessage === "string") {
      return {
        ErrorType: typeof candidate.errorType === "string" ? candidate.errorType : "Error",
        ErrorMessage: candidate.errorMessage,
      };
    }
  }
  return { ErrorType: "Error", ErrorMessage: String(error) };
}

function checkNonNegativeInteger(value: number, name: string, allowZero = true): void {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new LocalRunnerError(
      `LocalDurableRunner: ${name} must be a ${allowZero ? "non-negative" : "positive"} integer; got ${value}.`,
    );
  }
}

/** Resolves after pending I/O callbacks and microtasks: lets test code react before time is skipped. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs a durable handler against a {@link LocalDurableService} the way Lambda does: start the
 * execution, invoke with the envelope, report the outcome, and re-invoke until the execution
 * ends, skipping time to the next timer when only timers are pending. Failed invocations are
 * retried (`maxInvocationRetries`), chained invokes run registered functions, and the test can
 * complete callbacks through {@link LocalDurableRunner.waitForOperation}.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from "@aws/durable-execution-sdk-js";
 * import { LocalDurableRunner } from "@durable-lambda/testing";
 *
 * const handler = withDurableExecution(async (event: { name: string }, ctx) => {
 *   const greeting = await ctx.step("greet", async () => `hello ${event.name}`);
 *   await ctx.wait({ days: 1 });
 *   return greeting;
 * });
 * const runner = new LocalDurableRunner({ handler });
 * const result = await runner.run({ input: { name: "Ada" } });
 * // result.status === "SUCCEEDED", result.result === "hello Ada", result.invocations.length === 2
 * ```
 */
export class LocalDurableRunner {
  readonly #service: LocalDurableService;
  readonly #handler: LocalDurableHandler;
  readonly #functionName: string;
  readonly #transport: RunnerTransport;
  readonly #host: string;
  readonly #port: number;
  readonly #lambdaTimeoutMs: number;
  readonly #maxInvocationRetries: number;
  readonly #skipTime: boolean;
  readonly #idleTimeoutMs: number;
  readonly #maxInvocations: number;
  readonly #memoryLimitInMB: number;
  readonly #executionTimeoutSeconds: number | undefined;
  readonly #invocations = new Map<string, InvocationRecord[]>();
  readonly #ownExecutions: string[] = [];
  readonly #waiters = new Set<OperationWaiter>();
  /** Removes the change listener that serves waitForOperation (subscribed only while someone waits). */
  #stopWatchingWaiters: (() => void) | undefined;
  #server: LocalDurableServer | undefined;
  #serverStarting: Promise<LocalDurableServer> | undefined;
  #activeRuns = 0;

  constructor(options: LocalDurableRunnerOptions) {
    if (typeof options?.handler !== "function") {
      throw new LocalRunnerError(
        "LocalDurableRunner: options.handler must be a durable Lambda handler function.",
      );
    }
    this.#handler = options.handler;
    this.#service =
      options.service ?? new LocalDurableService(options.clock === undefined ? {} : { clock: options.clock });
    this.#functionName = options.functionName ?? RUNNER_DEFAULTS.functionName;
    this.#transport = options.transport ?? RUNNER_DEFAULTS.transport;
    if (!Object.values(RunnerTransport).includes(this.#transport)) {
      throw new LocalRunnerError(
        `LocalDurableRunner: transport must be "in-process" or "http"; got ${JSON.stringify(options.transport)}.`,
      );
    }
    this.#host = options.host ?? RUNNER_DEFAULTS.host;
    this.#port = options.port ?? RUNNER_DEFAULTS.port;
    this.#lambdaTimeoutMs = options.lambdaTimeoutMs ?? RUNNER_DEFAULTS.lambdaTimeoutMs;
    this.#maxInvocationRetries = options.maxInvocationRetries ?? RUNNER_DEFAULTS.maxInvocationRetries;
    this.#skipTime = options.skipTime ?? RUNNER_DEFAULTS.skipTime;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? RUNNER_DEFAULTS.idleTimeoutMs;
    this.#maxInvocations = options.maxInvocations ?? RUNNER_DEFAULTS.maxInvocations;
    this.#memoryLimitInMB = options.memoryLimitInMB ?? LambdaContextDefaults.memoryLimitInMB;
    this.#executionTimeoutSeconds = options.executionTimeoutSeconds;
    checkNonNegativeInteger(this.#lambdaTimeoutMs, "lambdaTimeoutMs", false);
    checkNonNegativeInteger(this.#maxInvocationRetries, "maxInvocationRetries");
    checkNonNegativeInteger(this.#idleTimeoutMs, "idleTimeoutMs");
    checkNonNegativeInteger(this.#maxInvocations, "maxInvocations", false);
    checkNonNegativeInteger(this.#memoryLimitInMB, "memoryLimitInMB", false);
  }

  /** The service the runner drives. */
  get service(): LocalDurableService {
    return this.#service;
  }

  /** The service's clock. */
  get clock(): VirtualClock {
    return this.#service.clock;
  }

  /**
   * The HTTP endpoint (`http://127.0.0.1:PORT`) of the http transport, once {@link start} (or a
   * first `run`) has started the server. Pass it to `new LambdaClient({ endpoint })` in the
   * handler, or set `AWS_ENDPOINT_URL_LAMBDA` to it; the runner changes no global state.
   */
  get endpoint(): string {
    if (this.#server === undefined) {
      throw new LocalRunnerError(
        this.#transport === RunnerTransport.http
          ? "LocalDurableRunner.endpoint: the HTTP server is not started yet; await runner.start() first."
          : 'LocalDurableRunner.endpoint: this runner uses the in-process transport; create it with transport: "http".',
      );
    }
    return this.#server.endpoint;
  }

  /**
   * Starts the HTTP server of the http transport (idempotent; a no-op in-process).
   * @returns the endpoint, or undefined in-process.
   */
  async start(): Promise<string | undefined> {
    if (this.#transport !== RunnerTransport.http) return undefined;
    if (this.#server !== undefined) return this.#server.endpoint;
    this.#serverStarting ??= startLocalDurableServer({
      service: this.#service,
      host: this.#host,
      port: this.#port,
    });
    this.#server = await this.#serverStarting;
    return this.#server.endpoint;
  }

  /** Stops the HTTP server, if one was started. */
  async close(): Promise<void> {
    const server =
      this.#server ?? (this.#serverStarting === undefined ? undefined : await this.#serverStarting);
    this.#server = undefined;
    this.#serverStarting = undefined;
    await server?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Registers a function that `context.invoke` can call (by name, `name:qualifier` or ARN).
   * A durable function runs as a nested durable execution on the same service and clock; a plain
   * one is called with the parsed payload and its return value becomes the result.
   */
  registerFunction(
    name: string,
    handler: LocalDurableHandler,
    options: RegisterFunctionOptions & { durable: true },
  ): this;
  registerFunction(
    name: string,
    handler: PlainLambdaHandler,
    options?: RegisterFunctionOptions & { durable?: false },
  ): this;
  registerFunction(
    name: string,
    handler: LocalDurableHandler | PlainLambdaHandler,
    options: RegisterFunctionOptions = {},
  ): this {
    if (typeof handler !== "function") {
      throw new LocalRunnerError(`registerFunction(${JSON.stringify(name)}): handler must be a function.`);
    }
    if (options.durable === true) {
      const durableHandler = handler as LocalDurableHandler;
      this.#service.registerFunction(name, {
        durable: true,
        run: async (executionArn) => {
          await this.#drive(executionArn, durableHandler, name);
        },
      });
    } else {
      const plainHandler = handler as PlainLambdaHandler;
      this.#service.registerFunction(name, {
        durable: false,
        invoke: async (request) => {
          const event: unknown =
            request.payload === undefined || request.payload === "" ? {} : JSON.parse(request.payload);
          const value = await this.#callPlain(plainHandler, event, name);
          return value === undefined ? undefined : JSON.stringify(value);
        },
      });
    }
    return this;
  }

  /**
   * Resolves with a handle to the operation named `name` once it exists (and has `status`, if
   * given) in an execution this runner starts or has started. Rejects if the run ends first.
   */
  waitForOperation(name: string, options: WaitForOperationOptions = {}): Promise<OperationHandle> {
    return new Promise((resolve, reject) => {
      const waiter: OperationWaiter = {
        name,
        index: options.index ?? 0,
        status: options.status,
        resolve,
        reject,
      };
      this.#waiters.add(waiter);
      for (const arn of [...this.#ownExecutions].reverse()) {
        if (this.#tryWaiter(waiter, arn)) return;
      }
      this.#stopWatchingWaiters ??= this.#service.onChange((change) => {
        if (change.kind === "operation") this.#checkWaiters(change.executionArn);
      });
    });
  }

  /**
   * Starts an execution and drives it until it ends (or idles waiting for the test).
   * @returns the run's result; `status` is RUNNING when the run idled.
   */
  async run<TResult = unknown>(options: RunOptions = {}): Promise<LocalRunResult<TResult>> {
    await this.start();
    const input = options.input === undefined ? "{}" : JSON.stringify(options.input);
    if (input === undefined) {
      throw new LocalRunnerError("run: input must be JSON-serialisable.");
    }
    const executionArn = this.#service.startExecution({
      functionName: this.#functionName,
      input,
      ...(options.executionName === undefined ? {} : { executionName: options.executionName }),
      ...(this.#executionTimeoutSeconds === undefined
        ? {}
        : { executionTimeoutSeconds: this.#executionTimeoutSeconds }),
    });
    this.#ownExecutions.push(executionArn);
    this.#checkWaiters(executionArn);
    return this.#runTracked<TResult>(executionArn, options.onOperationUpdate);
  }

  /** Continues driving an execution a previous `run` left RUNNING (after it idled). */
  async resume<TResult = unknown>(executionArn: string): Promise<LocalRunResult<TResult>> {
    await this.start();
    return this.#runTracked<TResult>(executionArn, undefined);
  }

  /** A snapshot of any execution on the service (for example a nested chained-invoke execution). */
  inspect<TResult = unknown>(executionArn: string): LocalRunResult<TResult> {
    return new LocalRunResult<TResult>({
      execution: this.#service.describeExecution(executionArn),
      operations: this.#service.getOperations(executionArn),
      invocations: [...(this.#invocations.get(executionArn) ?? [])],
      history: this.#service.getHistory(executionArn),
    });
  }

  async #runTracked<TResult>(
    executionArn: string,
    onOperationUpdate: RunOptions["onOperationUpdate"],
  ): Promise<LocalRunResult<TResult>> {
    let stopListening: (() => void) | undefined;
    let queue = Promise.resolve();
    let listenerError: unknown;
    if (onOperationUpdate !== undefined) {
      stopListening = this.#service.onChange((change) => {
        if (change.kind !== "operation" || change.executionArn !== executionArn) return;
        const handle = new OperationHandle(this.#service, executionArn, change.operation.Id as string);
        queue = queue
          .then(() => onOperationUpdate(change.operation, handle))
          .catch((error: unknown) => {
            listenerError ??= error;
          });
      });
    }
    this.#activeRuns += 1;
    try {
      await this.#drive(executionArn, this.#handler, this.#functionName);
    } finally {
      this.#activeRuns -= 1;
      stopListening?.();
    }
    await queue;
    if (this.#activeRuns === 0) this.#rejectOpenWaiters(executionArn);
    if (listenerError !== undefined) {
      throw new LocalRunnerError(
        `run: the onOperationUpdate listener threw (${listenerError instanceof Error ? listenerError.message : String(listenerError)}); the execution itself ended ${this.#service.executionStatus(executionArn)}.`,
        { cause: listenerError },
      );
    }
    return this.inspect<TResult>(executionArn);
  }

  #checkWaiters(executionArn: string): void {
    if (this.#waiters.size === 0 || !this.#ownExecutions.includes(executionArn)) return;
    for (const waiter of [...this.#waiters]) this.#tryWaiter(waiter, executionArn);
  }

  #tryWaiter(waiter: OperationWaiter, executionArn: string): boolean {
    const matches = this.#service
      .getOperations(executionArn)
      .filter((operation) => operation.Name === waiter.name);
    const operation = matches[waiter.index];
    if (operation === undefined) return false;
    if (waiter.status !== undefined && operation.Status !== waiter.status) return false;
    this.#forgetWaiter(waiter);
    waiter.resolve(new OperationHandle(this.#service, executionArn, operation.Id as string));
    return true;
  }

  #forgetWaiter(waiter: OperationWaiter): void {
    this.#waiters.delete(waiter);
    if (this.#waiters.size === 0) {
      this.#stopWatchingWaiters?.();
      this.#stopWatchingWaiters = undefined;
    }
  }

  #rejectOpenWaiters(executionArn: string): void {
    const status = this.#service.executionStatus(executionArn);
    for (const waiter of [...this.#waiters]) {
      this.#forgetWaiter(waiter);
      waiter.reject(
        new LocalRunnerError(
          `waitForOperation(${JSON.stringify(waiter.name)}): no operation of that name` +
            `${waiter.status === undefined ? "" : ` reached status ${waiter.status}`} before the run ended ` +
            `(execution ${executionArn} is ${status}).`,
        ),
      );
    }
  }

  /** Invokes until the execution ends, or idles with nothing the runner can do. */
  async #drive(executionArn: string, handler: LocalDurableHandler, functionName: string): Promise<void> {
    const records = this.#invocations.get(executionArn) ?? [];
    this.#invocations.set(executionArn, records);
    let consecutiveFailures = 0;
    let invokeNow = !this.#service.hasRunningInvocation(executionArn) && records.length === 0;
    while (this.#service.executionStatus(executionArn) === ExecutionStatus.RUNNING) {
      if (!invokeNow) {
        // Let the test (and chained invokes) act before deciding that only timers are left.
        await yieldToEventLoop();
        await this.#service.settleChainedInvokes(executionArn);
        if (this.#service.executionStatus(executionArn) !== ExecutionStatus.RUNNING) break;
        if (!this.#service.isInvocationDue(executionArn)) {
          const nextDue = this.#service.nextTimerDue(executionArn);
          if (this.#skipTime && nextDue !== undefined && !this.#service.hasRunningInvocation(executionArn)) {
            this.clock.advanceTo(nextDue);
            continue;
          }
          const woke = await this.#waitForActivity(executionArn, nextDue);
          if (!woke) return;
          continue;
        }
      }
      invokeNow = false;
      if (records.length >= this.#maxInvocations) {
        throw new LocalRunnerError(
          `Durable execution ${executionArn} was invoked ${records.length} times without finishing ` +
            `(maxInvocations). The handler may return PENDING without making progress; raise maxInvocations if the workflow is that long.`,
        );
      }
      const failed = await this.#invokeOnce(
        executionArn,
        handler,
        functionName,
        records,
        consecutiveFailures,
      );
      if (failed) {
        consecutiveFailures += 1;
        invokeNow = true; // Lambda retries a failed invocation right away
      } else {
        consecutiveFailures = 0;
      }
    }
  }

  /** Waits for an external change, a clock move or (without time skipping) a timer; false after the idle limit. */
  #waitForActivity(executionArn: string, nextDue: number | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const cleanups: Array<() => void> = [];
      const finish = (woke: boolean) => {
        for (const cleanup of cleanups) cleanup();
        resolve(woke);
      };
      cleanups.push(
        this.#service.onChange((change) => {
          if (change.executionArn !== executionArn) return;
          if (change.kind === "execution" || change.external) finish(true);
        }),
      );
      cleanups.push(this.clock.onAdvance(() => finish(true)));
      if (!this.#skipTime && nextDue !== undefined) {
        const timer = setTimeout(() => finish(true), Math.max(0, nextDue - this.clock.now()));
        cleanups.push(() => clearTimeout(timer));
      }
      const idle = setTimeout(() => finish(false), this.#idleTimeoutMs);
      cleanups.push(() => clearTimeout(idle));
    });
  }

  /** One invocation. @returns true when it ended with a Lambda error. */
  async #invokeOnce(
    executionArn: string,
    handler: LocalDurableHandler,
    functionName: string,
    records: InvocationRecord[],
    consecutiveFailures: number,
  ): Promise<boolean> {
    const requestId = randomUUID();
    const envelope = this.#service.startInvocation(executionArn, { requestId });
    const startTimestamp = this.clock.date();
    let outcome: InvocationOutcome;
    try {
      const raw = await this.#callDurable(handler, envelope, requestId, functionName);
      outcome = this.#toOutcome(raw);
    } catch (error) {
      outcome = { lambdaError: toErrorObject(error) };
    }
    if ("lambdaError" in outcome && consecutiveFailures >= this.#maxInvocationRetries) {
      outcome = { ...outcome, failExecution: true };
    }
    this.#service.completeInvocation(executionArn, outcome);
    const record: InvocationRecord = {
      requestId,
      startTimestamp,
      endTimestamp: this.clock.date(),
      updatedOperationIds: [...envelope.UpdatedOperationIds],
    };
    if ("lambdaError" in outcome) record.error = outcome.lambdaError;
    else record.output = outcome as DurableInvocationOutput;
    records.push(record);
    return "lambdaError" in outcome;
  }

  #toOutcome(raw: unknown): InvocationOutcome {
    const serialized = JSON.stringify(raw);
    if (serialized !== undefined && Buffer.byteLength(serialized, "utf8") > LAMBDA_RESPONSE_LIMIT_BYTES) {
      return {
        lambdaError: {
          ErrorType: "Function.ResponseSizeTooLarge",
          ErrorMessage: `Response payload size exceeded maximum allowed payload size (${LAMBDA_RESPONSE_LIMIT_BYTES} bytes).`,
        },
      };
    }
    // The output crosses Lambda as JSON.
    const output: unknown = serialized === undefined ? undefined : JSON.parse(serialized);
    const candidate = output as { Status?: unknown; Result?: unknown; Error?: unknown } | undefined;
    if (
      typeof candidate !== "object" ||
      candidate === null ||
      typeof candidate.Status !== "string" ||
      !INVOCATION_STATUSES.has(candidate.Status) ||
      (candidate.Result !== undefined && typeof candidate.Result !== "string")
    ) {
      return {
        lambdaError: {
          ErrorType: "InvalidDurableExecutionOutput",
          ErrorMessage:
            `The durable function returned ${serialized === undefined ? "nothing" : serialized.slice(0, 200)}, which is not ` +
            `a durable execution output ({Status: "SUCCEEDED" | "FAILED" | "PENDING", Result?, Error?}). ` +
            `Wrap the handler with a durable engine (e.g. withDurableExecution).`,
        },
      };
    }
    return candidate as InvocationOutcome;
  }

  #createContext(
    functionName: string,
    requestId: string,
    settle?: (error: unknown, result?: unknown) => void,
  ): Context {
    return createLambdaContext({
      functionName,
      functionVersion: ServiceDefaults.functionVersion,
      invokedFunctionArn: functionArn(
        { region: ServiceDefaults.region, accountId: ServiceDefaults.accountId },
        functionName,
        ServiceDefaults.functionVersion,
      ),
      memoryLimitInMB: this.#memoryLimitInMB,
      awsRequestId: requestId,
      timeoutMs: this.#lambdaTimeoutMs,
      ...(settle === undefined ? {} : { settle }),
    });
  }

  async #callDurable(
    handler: LocalDurableHandler,
    envelope: DurableInvocationEnvelope,
    requestId: string,
    functionName: string,
  ): Promise<unknown> {
    const service = this.#service;
    const event =
      this.#transport === RunnerTransport.http
        ? (JSON.parse(JSON.stringify(envelope)) as DurableInvocationEnvelope)
        : new DurableExecutionInvocationInputWithClient(envelope, {
            getExecutionState: (params) => service.getDurableExecutionState(params),
            checkpoint: (params) => service.checkpointDurableExecution(params),
          });
    return this.#withLambdaLimits(functionName, requestId, false, (context) => handler(event, context));
  }

  async #callPlain(handler: PlainLambdaHandler, event: unknown, functionName: string): Promise<unknown> {
    // Like the Node.js runtime: a non-async handler declaring a third parameter answers through the callback.
    const usesCallback = handler.length >= 3;
    return this.#withLambdaLimits(functionName, randomUUID(), usesCallback, (context, callback) =>
      handler(event, context, callback),
    );
  }

  /** Calls a handler with a fresh context, honouring callbacks, `context.done` and the Lambda timeout. */
  #withLambdaLimits(
    functionName: string,
    requestId: string,
    usesCallback: boolean,
    call: (context: Context, callback: (error?: unknown, result?: unknown) => void) => unknown,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error: unknown, result?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== undefined && error !== null) reject(error);
        else resolve(result);
      };
      const timeoutSeconds = (this.#lambdaTimeoutMs / MS_PER_SECOND).toFixed(2);
      const timer = setTimeout(() => {
        settle(
          Object.assign(new Error(`Task timed out after ${timeoutSeconds} seconds`), {
            name: "Sandbox.Timedout",
          }),
        );
      }, this.#lambdaTimeoutMs);
      const context = this.#createContext(functionName, requestId, settle);
      try {
        const returned = call(context, settle);
        const isThenable =
          typeof returned === "object" &&
          returned !== null &&
          typeof (returned as { then?: unknown }).then === "function";
        if (!isThenable && usesCallback) return;
        Promise.resolve(returned).then(
          (value) => settle(undefined, value),
          (error: unknown) => settle(error ?? new Error("The handler rejected without an error.")),
        );
      } catch (error) {
        settle(error);
      }
    });
  }
}
