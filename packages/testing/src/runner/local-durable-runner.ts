import type { VirtualClock } from "../clock/virtual-clock.js";
import { LocalRunnerError } from "../errors/service-errors.js";
import { type LocalDurableServer, startLocalDurableServer } from "../http/server.js";
import { rejectUnknownKeys } from "../options/known-keys.js";
import { LocalDurableService } from "../service/local-durable-service.js";
import { DriveLoop } from "./drive-loop.js";
import { LambdaInvoker } from "./lambda-invoker.js";
import { OperationHandle } from "./operation-handle.js";
import { OperationWaiters } from "./operation-waiters.js";
import {
  type LocalDurableHandler,
  type LocalDurableRunnerOptions,
  type PlainLambdaHandler,
  type RegisterFunctionOptions,
  type ResolvedRunnerOptions,
  RunnerTransport,
  type RunOptions,
  resolveRunnerOptions,
  type WaitForOperationOptions,
} from "./options.js";
import { LocalRunResult } from "./run-result.js";

const RUN_OPTION_KEYS = ["input", "executionName", "onOperationUpdate"] as const satisfies ReadonlyArray<
  keyof RunOptions
>;
const WAIT_OPTION_KEYS = ["status", "index"] as const satisfies ReadonlyArray<keyof WaitForOperationOptions>;

/**
 * Runs a durable handler against a {@link LocalDurableService} the way Lambda does: start the
 * execution, invoke with the envelope, report the outcome, and re-invoke until the execution
 * ends, skipping time to the next wait or retry when only timers are pending. Failed invocations
 * are retried (`maxInvocationRetries`), chained invokes run registered functions, the handler is
 * registered under `functionName` so `Invoke` starts it too, and the test can answer callbacks
 * through {@link LocalDurableRunner.waitForOperation}.
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
  readonly #options: ResolvedRunnerOptions;
  readonly #invoker: LambdaInvoker;
  readonly #loop: DriveLoop;
  readonly #ownExecutions: string[] = [];
  readonly #waiters: OperationWaiters;
  #server: LocalDurableServer | undefined;
  #serverStarting: Promise<LocalDurableServer> | undefined;
  #activeRuns = 0;

  constructor(options: LocalDurableRunnerOptions) {
    this.#options = resolveRunnerOptions(options);
    this.#service =
      options.service ?? new LocalDurableService(options.clock === undefined ? {} : { clock: options.clock });
    this.#invoker = new LambdaInvoker(this.#service, this.#options);
    this.#loop = new DriveLoop(this.#service, this.#invoker, this.#options);
    this.#waiters = new OperationWaiters(this.#service, this.#ownExecutions);
    const { functionName, handler } = this.#options;
    if (!this.#service.hasFunction(functionName)) {
      this.#service.registerFunction(functionName, {
        durable: true,
        run: async (executionArn) => {
          this.#adopt(executionArn);
          await this.#runTrackedDrive(executionArn, handler, functionName);
        },
      });
    }
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
        this.#options.transport === RunnerTransport.http
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
    if (this.#options.transport !== RunnerTransport.http) return undefined;
    if (this.#server !== undefined) return this.#server.endpoint;
    this.#serverStarting ??= startLocalDurableServer({
      service: this.#service,
      host: this.#options.host,
      port: this.#options.port,
    });
    try {
      this.#server = await this.#serverStarting;
    } catch (error) {
      this.#serverStarting = undefined;
      throw error;
    }
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
   * Registers a function that `context.invoke` (and `Invoke`) can call, by name,
   * `name:qualifier` or ARN. A durable function runs as a nested durable execution on the same
   * service and clock; a plain one is called with the parsed payload and its return value
   * becomes the result.
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
    rejectUnknownKeys("registerFunction", options, ["durable"]);
    if (options.durable === true) {
      const durableHandler = handler as LocalDurableHandler;
      this.#service.registerFunction(name, {
        durable: true,
        run: async (executionArn) => {
          await this.#loop.drive(executionArn, durableHandler, name);
        },
      });
    } else {
      const plainHandler = handler as PlainLambdaHandler;
      this.#service.registerFunction(name, {
        durable: false,
        invoke: async (request) => {
          const event: unknown =
            request.payload === undefined || request.payload === "" ? {} : JSON.parse(request.payload);
          const value = await this.#invoker.invokePlain(plainHandler, event, name);
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
    rejectUnknownKeys("waitForOperation", options, WAIT_OPTION_KEYS);
    return this.#waiters.wait(name, options.index ?? 0, options.status);
  }

  /**
   * Starts an execution and drives it until it ends (or idles waiting for the test).
   * @returns the run's result; `status` is RUNNING when the run idled.
   */
  async run<TResult = unknown>(options: RunOptions = {}): Promise<LocalRunResult<TResult>> {
    rejectUnknownKeys("run", options, RUN_OPTION_KEYS);
    await this.start();
    const input = options.input === undefined ? "{}" : JSON.stringify(options.input);
    if (input === undefined) {
      throw new LocalRunnerError("run: input must be JSON-serialisable.");
    }
    const executionArn = this.#service.startExecution({
      functionName: this.#options.functionName,
      input,
      ...(options.executionName === undefined ? {} : { executionName: options.executionName }),
      ...(this.#options.executionTimeoutSeconds === undefined
        ? {}
        : { executionTimeoutSeconds: this.#options.executionTimeoutSeconds }),
    });
    this.#adopt(executionArn);
    return this.#runTracked<TResult>(executionArn, options.onOperationUpdate);
  }

  /** Continues driving an execution a previous `run` left RUNNING (after it idled). */
  async resume<TResult = unknown>(executionArn: string): Promise<LocalRunResult<TResult>> {
    await this.start();
    return this.#runTracked<TResult>(executionArn, undefined);
  }

  /**
   * Forgets what this runner recorded, so the next test starts clean: its executions (so
   * `waitForOperation` only sees new ones), their invocation records, open `waitForOperation`
   * promises (rejected), and the service's recorded requests and injected faults. Executions
   * stay in the service's store; the clock keeps its time.
   */
  reset(): void {
    this.#ownExecutions.length = 0;
    this.#loop.reset();
    this.#waiters.cancelAll("the runner was reset before the operation appeared.");
    this.#service.clearRequests();
    this.#service.clearFaults();
  }

  /** A snapshot of any execution on the service (for example a nested chained-invoke execution). */
  inspect<TResult = unknown>(executionArn: string): LocalRunResult<TResult> {
    return new LocalRunResult<TResult>({
      execution: this.#service.describeExecution(executionArn),
      operations: this.#service.getOperations(executionArn),
      invocations: [...(this.#loop.invocations.get(executionArn) ?? [])],
      history: this.#service.getHistory(executionArn),
    });
  }

  #adopt(executionArn: string): void {
    if (!this.#ownExecutions.includes(executionArn)) this.#ownExecutions.push(executionArn);
    this.#waiters.check(executionArn);
  }

  async #runTrackedDrive(
    executionArn: string,
    handler: LocalDurableHandler,
    functionName: string,
  ): Promise<void> {
    this.#activeRuns += 1;
    try {
      await this.#loop.drive(executionArn, handler, functionName);
    } finally {
      this.#activeRuns -= 1;
    }
    if (this.#activeRuns === 0) this.#waiters.rejectAll(executionArn);
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
    try {
      await this.#runTrackedDrive(executionArn, this.#options.handler, this.#options.functionName);
    } finally {
      stopListening?.();
    }
    await queue;
    if (listenerError !== undefined) {
      throw new LocalRunnerError(
        `run: the onOperationUpdate listener threw (${listenerError instanceof Error ? listenerError.message : String(listenerError)}); the execution itself ended ${this.#service.executionStatus(executionArn)}.`,
        { cause: listenerError },
      );
    }
    return this.inspect<TResult>(executionArn);
  }
}
