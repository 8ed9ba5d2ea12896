import {
  createRetryStrategy,
  createWaitStrategy,
  type DurableExecutionHandler,
  StepError,
  withDurableExecution,
} from "@durable-lambda/core";
import { type DurableMiddlewareOptions, durable } from "@durable-lambda/middy";
import {
  type LocalDurableHandler,
  LocalDurableRunner,
  type LocalDurableRunnerOptions,
  type LocalDurableService,
  type LocalRunResult,
} from "@durable-lambda/testing";
import middy, { type MiddlewareObj } from "@middy/core";

/** A durable handler written once and run behind both front ends. */
export type Workflow = DurableExecutionHandler<Record<string, unknown>, unknown>;

/** A named workload: a fresh handler per run (handlers may count attempts), and how to drive it. */
export interface Workload {
  readonly name: string;
  readonly workflow: () => Workflow;
  readonly input?: unknown;
  /** Answers every started callback between invocations, so each callback suspends the execution. */
  readonly answersCallbacks?: boolean;
}

const noDelayRetries = createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 5 }, jitter: "NONE" });

/** Over the Lambda response limit (6 MiB − 50 B) once JSON-quoted, within the 6 MiB an EXECUTION payload may carry. */
const LARGE_RESULT_CHARS = 6 * 1024 * 1024 - 40;

/** Multi-invocation executions: waits, retries, callbacks, child contexts, failures, large results. */
export const workloads: readonly Workload[] = [
  {
    name: "steps and waits",
    input: { id: "order-1" },
    workflow: () => async (event, context) => {
      const loaded = await context.step("load", async () => `${String(event.id)}:loaded`);
      await context.wait("cool-off", { minutes: 5 });
      const charged = await context.step("charge", async () => `${loaded}:charged`);
      await context.wait({ hours: 1 });
      return context.runInChildContext("ship", async (child) => {
        const label = await child.step("label", async () => "label-1");
        return { charged, label };
      });
    },
  },
  {
    name: "retries",
    workflow: () => {
      let attempts = 0;
      return async (_event, context) => {
        const value = await context.step(
          "flaky",
          async () => {
            attempts++;
            if (attempts < 3) throw new Error(`transient failure ${attempts}`);
            return attempts;
          },
          { retryStrategy: noDelayRetries },
        );
        return { value };
      };
    },
  },
  {
    name: "callbacks",
    workflow: () => async (_event, context) => {
      const [approval, callbackId] = await context.createCallback("approval", { timeout: { hours: 1 } });
      await context.step("notify", async () => typeof callbackId);
      const answer = await approval;
      const second = await context.waitForCallback("second", async () => undefined);
      return { answer, second };
    },
    answersCallbacks: true,
  },
  {
    name: "wait for condition",
    workflow: () => async (_event, context) =>
      context.waitForCondition("poll", async (state: { polls: number }) => ({ polls: state.polls + 1 }), {
        initialState: { polls: 0 },
        waitStrategy: createWaitStrategy({
          shouldContinuePolling: (state: { polls: number }) => state.polls < 3,
          initialDelay: { seconds: 10 },
          jitter: "NONE",
        }),
      }),
  },
  {
    name: "map and parallel",
    input: { skus: ["a-1", "b-2", "c-3", "d-4"] },
    workflow: () => {
      let flakyAttempts = 0;
      return async (event, context) => {
        const skus = event.skus as string[];
        const reserved = await context.map(
          "reserve",
          skus,
          async (item, sku, index) => {
            const reservation = await item.step(
              "reserve",
              async () => {
                if (index === 2 && flakyAttempts++ === 0) throw new Error("warehouse busy");
                return `${sku}:reserved`;
              },
              { retryStrategy: noDelayRetries },
            );
            await item.wait({ seconds: 10 * (index + 1) });
            return reservation;
          },
          { maxConcurrency: 2 },
        );
        const [invoice, email] = (
          await context.parallel("finish", [
            async (branch) => branch.step("invoice", async () => "invoiced"),
            async (branch) => {
              await branch.wait({ minutes: 1 });
              return branch.step("email", async () => "emailed");
            },
          ])
        ).getResults();
        return { reserved: reserved.getResults(), invoice, email };
      };
    },
  },
  {
    name: "a failing step",
    workflow: () => async (_event, context) => {
      await context.wait({ seconds: 30 });
      return context.step(
        "doomed",
        async () => {
          throw new TypeError("the card was declined");
        },
        { retryStrategy: () => ({ shouldRetry: false }) },
      );
    },
  },
  {
    name: "a handler error after a caught step error",
    workflow: () => async (_event, context) => {
      try {
        await context.step("doomed", async () => Promise.reject(new Error("no stock")), {
          retryStrategy: () => ({ shouldRetry: false }),
        });
      } catch (error) {
        if (!(error instanceof StepError)) throw error;
        await context.wait({ seconds: 1 });
        throw new RangeError(`order cancelled: ${error.message}`);
      }
      return "unreachable";
    },
  },
  {
    name: "a result too large for the Lambda response",
    workflow: () => async (_event, context) => {
      await context.wait({ seconds: 1 });
      return "x".repeat(LARGE_RESULT_CHARS);
    },
  },
];

/**
 * Middy types the function it returns with the handler's event and context, while Lambda (and the
 * local runner) calls it with the envelope and a plain Lambda context: the one cast, here.
 */
export function asLambdaHandler(handler: unknown): LocalDurableHandler {
  return handler as LocalDurableHandler;
}

/** Behind `withDurableExecution`, the official-compatible front end. */
export function plainHandler(workflow: Workflow): LocalDurableHandler {
  return withDurableExecution(workflow);
}

/** Behind Middy: `durable(options)` first, then `middlewares`. */
export function middyHandler(
  workflow: Workflow,
  middlewares: MiddlewareObj[] = [],
  options: DurableMiddlewareOptions = {},
): LocalDurableHandler {
  const handler = middy()
    .use(durable(options))
    .use(middlewares)
    .handler((event, context) => workflow(event as Record<string, unknown>, context));
  return asLambdaHandler(handler);
}

/** Sends a success for every callback of the execution still waiting for one. */
function answerCallbacks(service: LocalDurableService, executionArn: string): void {
  for (const operation of service.getOperations(executionArn)) {
    if (operation.Type !== "CALLBACK" || operation.Status !== "STARTED") continue;
    const callbackId = operation.CallbackDetails?.CallbackId as string;
    void service.sendDurableExecutionCallbackSuccess({
      CallbackId: callbackId,
      Result: `ok:${operation.Name ?? "callback"}`,
    });
  }
}

/**
 * The current `handler()`, followed after each invocation by answers to the callbacks still waiting
 * (when the workload asks for them), so that each callback suspends the execution once.
 */
export function answeringCallbacks(
  workload: Pick<Workload, "answersCallbacks">,
  service: () => LocalDurableService,
  handler: () => LocalDurableHandler,
): LocalDurableHandler {
  return async (event, context) => {
    const output = await handler()(event, context);
    if (workload.answersCallbacks) {
      answerCallbacks(service(), (event as { DurableExecutionArn: string }).DurableExecutionArn);
    }
    return output;
  };
}

/** Runs `workload` behind `handler` on a fresh in-process local service. */
export async function runWorkload(
  workload: Workload,
  wrap: (workflow: Workflow) => LocalDurableHandler,
  options: Omit<LocalDurableRunnerOptions, "handler"> = {},
) {
  const handler = wrap(workload.workflow());
  const runner: LocalDurableRunner = new LocalDurableRunner({
    ...options,
    handler: answeringCallbacks(
      workload,
      () => runner.service,
      () => handler,
    ),
  });
  try {
    return await runner.run({ input: workload.input ?? {} });
  } finally {
    await runner.close();
  }
}

/** What must be identical between front ends: statuses, outputs and the checkpointed operations. */
export function observableOutcome(result: LocalRunResult) {
  return {
    status: result.status,
    result: result.result,
    rawResultLength: result.rawResult?.length,
    error: result.error,
    // A Lambda error by its type: its message carries the service's request id.
    invocations: result.invocations.map(
      (invocation) => invocation.output ?? { LambdaError: invocation.error?.ErrorType },
    ),
    operations: result.operations.map((operation) => ({
      type: operation.Type,
      subType: operation.SubType,
      name: operation.Name,
      status: operation.Status,
      attempt: operation.StepDetails?.Attempt,
      result:
        operation.StepDetails?.Result ??
        operation.ContextDetails?.Result ??
        operation.CallbackDetails?.Result,
      error: operation.StepDetails?.Error ?? operation.ContextDetails?.Error,
    })),
  };
}
