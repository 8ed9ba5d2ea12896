import {
  type LocalDurableHandler,
  LocalDurableRunner,
  type LocalDurableService,
} from "@durable-lambda/testing";

/** Options of {@link ExecutionDriver}. */
export interface ExecutionDriverOptions {
  service: LocalDurableService;
  /** Jump the clock over waits and retry delays instead of waiting in real time. */
  skipTime: boolean;
  /** Told about what the driver does (an execution it resumed, a function it does not know). */
  log?: (line: string) => void;
}

/**
 * How long one runner pass waits for activity before handing back; the driver then waits itself
 * (without a limit) for a change, a timer or shutdown.
 */
const RUNNER_PASS_IDLE_MS = 1_000;

/** The Lambda error an invocation cut off by a stopped dev server ends with, before it is retried. */
const INTERRUPTED_INVOCATION = {
  ErrorType: "Sandbox.Interrupted",
  ErrorMessage: "The dev server stopped during this invocation; the invocation is retried.",
} as const;

/**
 * The function name in a durable execution ARN
 * (`arn:aws:lambda:REGION:ACCOUNT:function:NAME:VERSION/durable-execution/…`).
 *
 * @example
 * ```ts
 * functionNameOfExecution("arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/o-1/1"); // "orders"
 * ```
 */
export function functionNameOfExecution(executionArn: string): string | undefined {
  return /:function:([^:/]+)/.exec(executionArn)?.[1];
}

/**
 * Plays Lambda for the dev server: invokes the registered handlers of every running execution
 * until it ends — right away when an invocation is due, when a timer comes due (in real time, or
 * at once with time skipping) and when something from outside (a callback answer) changes it.
 * A stopped server picks every running execution up again with {@link ExecutionDriver.resumeAll}.
 *
 * @example
 * ```ts
 * const driver = new ExecutionDriver({ service, skipTime: false });
 * driver.registerFunction("orders", handler);
 * const arn = service.startExecution({ functionName: "orders", input: "{}" });
 * await driver.drive(arn); // resolves when the execution has ended
 * ```
 */
export class ExecutionDriver {
  readonly #service: LocalDurableService;
  readonly #skipTime: boolean;
  readonly #log: (line: string) => void;
  readonly #handlers = new Map<string, LocalDurableHandler>();
  readonly #runners = new Map<string, LocalDurableRunner>();
  readonly #active = new Map<string, Promise<void>>();
  readonly #wakeOnClose = new Set<() => void>();
  #closed = false;

  constructor(options: ExecutionDriverOptions) {
    this.#service = options.service;
    this.#skipTime = options.skipTime;
    this.#log = options.log ?? (() => {});
  }

  /** Names of the registered functions. */
  get functionNames(): string[] {
    return [...this.#handlers.keys()];
  }

  /**
   * Registers (or replaces, e.g. after the module changed) the handler of a function. `Invoke`
   * and chained invokes of that name start durable executions the driver runs.
   */
  registerFunction(name: string, handler: LocalDurableHandler): void {
    const known = this.#handlers.has(name);
    this.#handlers.set(name, handler);
    if (known) return;
    this.#runners.set(
      name,
      new LocalDurableRunner({
        handler: (event, context) => (this.#handlers.get(name) as LocalDurableHandler)(event, context),
        functionName: name,
        service: this.#service,
        skipTime: this.#skipTime,
        idleTimeoutMs: RUNNER_PASS_IDLE_MS,
        // As on Lambda, the event is plain JSON and the function's engine calls the Lambda API
        // over HTTP (AWS_ENDPOINT_URL_LAMBDA), which also lets a redrive read its source.
        transport: "http",
      }),
    );
    this.#service.registerFunction(name, { durable: true, run: (executionArn) => this.drive(executionArn) });
  }

  /** Runs the execution until it ends (or the driver closes). Calls for a running drive share it. */
  drive(executionArn: string): Promise<void> {
    const running = this.#active.get(executionArn);
    if (running !== undefined) return running;
    const driving = this.#driveToEnd(executionArn).finally(() => this.#active.delete(executionArn));
    this.#active.set(executionArn, driving);
    return driving;
  }

  /**
   * Picks up every RUNNING execution of a registered function, as after a restart: an invocation
   * the previous server was running is ended with a Lambda error (Lambda retries it), then each
   * execution is driven again. Executions of functions not registered now are reported and left.
   */
  resumeAll(): number {
    let resumed = 0;
    for (const executionArn of this.#service.listExecutionArns()) {
      if (this.#service.executionStatus(executionArn) !== "RUNNING") continue;
      const functionName = functionNameOfExecution(executionArn);
      if (functionName === undefined || !this.#handlers.has(functionName)) {
        this.#log(`not resuming ${executionArn}: no module is registered as function ${functionName ?? "?"}`);
        continue;
      }
      if (this.#service.hasRunningInvocation(executionArn)) {
        this.#service.completeInvocation(executionArn, { lambdaError: { ...INTERRUPTED_INVOCATION } });
      }
      resumed += 1;
      void this.drive(executionArn).catch((error: unknown) => {
        this.#log(
          `driving ${executionArn} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
    return resumed;
  }

  /** Stops driving; invocations in flight finish on their own. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#wakeOnClose) wake();
    await Promise.all([...this.#runners.values()].map((runner) => runner.close()));
  }

  async #driveToEnd(executionArn: string): Promise<void> {
    const functionName = functionNameOfExecution(executionArn);
    const runner = functionName === undefined ? undefined : this.#runners.get(functionName);
    if (runner === undefined) {
      throw new Error(`no module is registered as function ${functionName ?? "?"} of ${executionArn}`);
    }
    while (!this.#closed && this.#service.executionStatus(executionArn) === "RUNNING") {
      await runner.resume(executionArn);
      if (this.#closed || this.#service.executionStatus(executionArn) !== "RUNNING") break;
      if (this.#service.isInvocationDue(executionArn)) continue;
      await this.#activity(executionArn);
    }
  }

  /** Resolves on an outside change of the execution, its next timer, or close. */
  #activity(executionArn: string): Promise<void> {
    return new Promise((resolve) => {
      const cleanups: (() => void)[] = [];
      const wake = () => {
        for (const cleanup of cleanups) cleanup();
        resolve();
      };
      cleanups.push(
        this.#service.onChange((change) => {
          if (change.executionArn !== executionArn) return;
          if (change.kind === "execution" || change.external) wake();
        }),
      );
      const nextDue = this.#service.nextTimerDue(executionArn);
      if (nextDue !== undefined) {
        const timer = setTimeout(wake, this.#skipTime ? 0 : Math.max(0, nextDue - this.#service.clock.now()));
        cleanups.push(() => clearTimeout(timer));
      }
      this.#wakeOnClose.add(wake);
      cleanups.push(() => this.#wakeOnClose.delete(wake));
    });
  }
}
