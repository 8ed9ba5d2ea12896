import type { Operation } from "@aws-sdk/client-lambda";
import type { Context } from "aws-lambda";
import type { VirtualClock } from "../clock/virtual-clock.js";
import { LocalRunnerError } from "../errors/service-errors.js";
import { rejectUnknownKeys } from "../options/known-keys.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import type { DurableInvocationEnvelope } from "../service/types.js";
import { LambdaContextDefaults } from "./lambda-context.js";
import type { OperationHandle } from "./operation-handle.js";

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

/**
 * A plain (non-durable) Lambda handler, a target of chained invokes.
 *
 * @example
 * ```ts
 * const lookup: PlainLambdaHandler = async (event) => ({ found: true, event });
 * ```
 */
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
  /** Function name used in ARNs, the Lambda context and `Invoke`. Default: `durable-function`. */
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
  /**
   * When only timers are pending, jump the clock to the next one instead of waiting. Waits and
   * retries are skipped at once; a callback, heartbeat or execution timeout only after
   * `callbackGraceMs` with nothing happening. Default: true.
   */
  skipTime?: boolean;
  /**
   * Real-time ms the runner waits, idle, before time skipping may fire a callback timeout, a
   * heartbeat timeout or the execution timeout: the time a test has to answer a callback.
   * Default: 1000.
   */
  callbackGraceMs?: number;
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

/**
 * Options of {@link LocalDurableRunner.registerFunction}.
 *
 * @example
 * ```ts
 * runner.registerFunction("child", childHandler, { durable: true });
 * ```
 */
export interface RegisterFunctionOptions {
  /** True for a durable handler (runs as a nested durable execution). Default: false. */
  durable?: boolean;
}

/**
 * Options of {@link LocalDurableRunner.waitForOperation}.
 *
 * @example
 * ```ts
 * await runner.waitForOperation("charge", { status: "SUCCEEDED", index: 1 });
 * ```
 */
export interface WaitForOperationOptions {
  /**
   * Resolve only once the operation has this status. `SUBMITTED` waits until the submitter of a
   * `waitForCallback` has finished (so the callback id is already out). Default: as soon as it exists.
   */
  status?: string;
  /** Which operation of that name (0-based, in start order). Default: 0. */
  index?: number;
}

/** The runner's options with every default applied and checked. */
export interface ResolvedRunnerOptions {
  handler: LocalDurableHandler;
  functionName: string;
  transport: RunnerTransport;
  host: string;
  port: number;
  lambdaTimeoutMs: number;
  maxInvocationRetries: number;
  skipTime: boolean;
  callbackGraceMs: number;
  idleTimeoutMs: number;
  maxInvocations: number;
  memoryLimitInMB: number;
  executionTimeoutSeconds: number | undefined;
}

/** Defaults of {@link LocalDurableRunnerOptions}. */
export const RUNNER_DEFAULTS = {
  functionName: "durable-function",
  transport: RunnerTransport.inProcess,
  host: "127.0.0.1",
  port: 0,
  lambdaTimeoutMs: 900_000,
  maxInvocationRetries: 2,
  skipTime: true,
  callbackGraceMs: 1_000,
  idleTimeoutMs: 5_000,
  maxInvocations: 1_000,
  memoryLimitInMB: LambdaContextDefaults.memoryLimitInMB,
} as const;

const RUNNER_OPTION_KEYS = [
  "handler",
  "functionName",
  "service",
  "clock",
  "transport",
  "host",
  "port",
  "lambdaTimeoutMs",
  "maxInvocationRetries",
  "skipTime",
  "callbackGraceMs",
  "idleTimeoutMs",
  "maxInvocations",
  "memoryLimitInMB",
  "executionTimeoutSeconds",
] as const satisfies ReadonlyArray<keyof LocalDurableRunnerOptions>;

function checkInteger(value: number, name: string, min: 0 | 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new LocalRunnerError(
      `LocalDurableRunner: ${name} must be a ${min === 0 ? "non-negative" : "positive"} integer; got ${value}.`,
    );
  }
}

/** Applies the defaults and checks every option, rejecting unknown keys. */
export function resolveRunnerOptions(options: LocalDurableRunnerOptions): ResolvedRunnerOptions {
  if (typeof options?.handler !== "function") {
    throw new LocalRunnerError(
      "LocalDurableRunner: options.handler must be a durable Lambda handler function.",
    );
  }
  rejectUnknownKeys("LocalDurableRunner", options, RUNNER_OPTION_KEYS);
  const resolved: ResolvedRunnerOptions = {
    handler: options.handler,
    functionName: options.functionName ?? RUNNER_DEFAULTS.functionName,
    transport: options.transport ?? RUNNER_DEFAULTS.transport,
    host: options.host ?? RUNNER_DEFAULTS.host,
    port: options.port ?? RUNNER_DEFAULTS.port,
    lambdaTimeoutMs: options.lambdaTimeoutMs ?? RUNNER_DEFAULTS.lambdaTimeoutMs,
    maxInvocationRetries: options.maxInvocationRetries ?? RUNNER_DEFAULTS.maxInvocationRetries,
    skipTime: options.skipTime ?? RUNNER_DEFAULTS.skipTime,
    callbackGraceMs: options.callbackGraceMs ?? RUNNER_DEFAULTS.callbackGraceMs,
    idleTimeoutMs: options.idleTimeoutMs ?? RUNNER_DEFAULTS.idleTimeoutMs,
    maxInvocations: options.maxInvocations ?? RUNNER_DEFAULTS.maxInvocations,
    memoryLimitInMB: options.memoryLimitInMB ?? RUNNER_DEFAULTS.memoryLimitInMB,
    executionTimeoutSeconds: options.executionTimeoutSeconds,
  };
  if (!Object.values(RunnerTransport).includes(resolved.transport)) {
    throw new LocalRunnerError(
      `LocalDurableRunner: transport must be "in-process" or "http"; got ${JSON.stringify(options.transport)}.`,
    );
  }
  if (typeof resolved.skipTime !== "boolean") {
    throw new LocalRunnerError(
      `LocalDurableRunner: skipTime must be true or false; got ${JSON.stringify(options.skipTime)}.`,
    );
  }
  checkInteger(resolved.lambdaTimeoutMs, "lambdaTimeoutMs", 1);
  checkInteger(resolved.maxInvocationRetries, "maxInvocationRetries", 0);
  checkInteger(resolved.callbackGraceMs, "callbackGraceMs", 0);
  checkInteger(resolved.idleTimeoutMs, "idleTimeoutMs", 0);
  checkInteger(resolved.maxInvocations, "maxInvocations", 1);
  checkInteger(resolved.memoryLimitInMB, "memoryLimitInMB", 1);
  return resolved;
}
