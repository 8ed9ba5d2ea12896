import * as official from "@aws/durable-execution-sdk-js";
import * as ours from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { checkpointRequests } from "./harness.js";

/** The parts of the two SDKs a differential scenario uses; both modules satisfy it. */
export interface Sdk {
  withDurableExecution: typeof ours.withDurableExecution;
  createRetryStrategy: typeof ours.createRetryStrategy;
  createWaitStrategy: typeof ours.createWaitStrategy;
  StepSemantics: typeof ours.StepSemantics;
  withRetry: typeof ours.withRetry;
  completeBatch: typeof ours.completeBatch;
  continueBatch: typeof ours.continueBatch;
}

/** The two engines a differential test compares. */
export const engines = { official: official as unknown as Sdk, ours: ours as Sdk } as const;
export type EngineName = keyof typeof engines;

export type ScenarioHandler = ours.DurableExecutionHandler;

/** How a run completes callbacks and which functions `invoke` may call; the same for both engines. */
export interface Environment {
  /**
   * Completes each CALLBACK when it starts: a success result string or a failure error object.
   * `parent` is the operation's parent (the `WaitForCallback` context of `waitForCallback`).
   */
  callbacks?: (
    operation: ours.Operation,
    parent: ours.Operation | undefined,
  ) => { success: string } | { failure: ours.ErrorObject } | undefined;
  functions?: Record<string, (event: unknown) => Promise<unknown>>;
}

/** A handler built for one engine, plus what the run needs from the outside. */
export interface Scenario {
  handler: (sdk: Sdk) => ScenarioHandler;
  environment?: Environment;
}

/** What a run leaves behind that must be equal on both engines. */
export interface RunCapture {
  status: string;
  rawResult: string | undefined;
  error: ours.ErrorObject | undefined;
  invocations: Array<string | undefined>;
  requests: ours.OperationUpdate[][];
  operations: Array<Record<string, unknown>>;
  events: Array<string | undefined>;
}

/** The fields of a stored operation that do not depend on the run's clock or the service's ids. */
function stableOperation(operation: ours.Operation): Record<string, unknown> {
  return {
    Id: operation.Id,
    ParentId: operation.ParentId,
    Name: operation.Name,
    Type: operation.Type,
    SubType: operation.SubType,
    Status: operation.Status,
    Attempt: operation.StepDetails?.Attempt,
    StepResult: operation.StepDetails?.Result,
    StepError: operation.StepDetails?.Error,
    ContextResult: operation.ContextDetails?.Result,
    ContextError: operation.ContextDetails?.Error,
    ReplayChildren: operation.ContextDetails?.ReplayChildren,
    CallbackResult: operation.CallbackDetails?.Result,
    CallbackError: operation.CallbackDetails?.Error,
    InvokeResult: operation.ChainedInvokeDetails?.Result,
    InvokeError: operation.ChainedInvokeDetails?.Error,
  };
}

/** The status of a run that did not end within its wall-clock limit. */
export const TIMED_OUT_STATUS = "run failed: RunTimeLimitError";

/** The wall-clock limit of one run: engines watch due waits and retries in process on the real clock. */
const DEFAULT_TIME_LIMIT_MS = 20_000;

class RunTimeLimitError extends Error {
  override readonly name = "RunTimeLimitError";
  constructor(limitMs: number) {
    super(`the run did not end within ${limitMs} ms of wall-clock time`);
  }
}

/** Generated workflows need a few dozen invocations at most; more means an engine stopped making progress. */
const MAX_INVOCATIONS = 200;

/**
 * Runs a scenario on a fresh local service (in process, time skipped) and captures every request,
 * operation and event. `engineFor` picks the engine of each invocation (0-based), so one execution
 * can switch engines between invocations. `config` is passed to both engines (plugins, for example).
 */
export async function runScenario(
  scenario: Scenario,
  engineFor: (invocation: number) => EngineName,
  timeLimitMs = DEFAULT_TIME_LIMIT_MS,
  config?: ours.DurableExecutionConfig,
): Promise<RunCapture> {
  const handlers = {
    official: engines.official.withDurableExecution(scenario.handler(engines.official), config),
    ours: engines.ours.withDurableExecution(scenario.handler(engines.ours), config),
  };
  let invocation = 0;
  const handler = (event: unknown, context: unknown) =>
    (handlers[engineFor(invocation++)] as (event: unknown, context: unknown) => Promise<unknown>)(
      event,
      context,
    );
  const environment = scenario.environment ?? {};
  const runner = new LocalDurableRunner({ handler: handler as never, maxInvocations: MAX_INVOCATIONS });
  for (const [name, fn] of Object.entries(environment.functions ?? {})) runner.registerFunction(name, fn);
  const seen = new Map<string | undefined, ours.Operation>();
  const completeCallback = (operation: ours.Operation): void => {
    seen.set(operation.Id, operation);
    if (operation.Type !== "CALLBACK" || operation.Status !== "STARTED") return;
    const outcome = environment.callbacks?.(operation, seen.get(operation.ParentId));
    const CallbackId = operation.CallbackDetails?.CallbackId as string;
    if (outcome === undefined) return;
    const answered =
      "success" in outcome
        ? runner.service.sendDurableExecutionCallbackSuccess({ CallbackId, Result: outcome.success })
        : runner.service.sendDurableExecutionCallbackFailure({ CallbackId, Error: outcome.failure });
    // The execution may end before the answer arrives (a batch that completed early): the service
    // then refuses it, as Lambda does, and the run's outcome already says what happened.
    answered.catch(() => {});
  };
  let timer: NodeJS.Timeout | undefined;
  const timeLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RunTimeLimitError(timeLimitMs)), timeLimitMs);
  });
  try {
    const run = runner.run({ input: { id: "order-1" }, onOperationUpdate: completeCallback as never });
    run.catch(() => {});
    const result = await Promise.race([run, timeLimit]);
    return {
      status: result.status,
      rawResult: result.rawResult,
      error: result.error,
      invocations: result.invocations.map((invocation) => invocation.output?.Status),
      requests: checkpointRequests(runner.service),
      operations: result.operations.map(stableOperation),
      events: result.history.map((event) => event.EventType),
    };
  } catch (error) {
    // The run itself broke (an engine that never finishes, a crash): that is the outcome to compare.
    return {
      status: `run failed: ${(error as Error).name}`,
      rawResult: undefined,
      error: undefined,
      invocations: [],
      requests: checkpointRequests(runner.service),
      operations: [],
      events: [],
    };
  } finally {
    clearTimeout(timer);
    await runner.close();
  }
}
