import type { DurableExecutionInvocationOutput } from "@durable-lambda/core";
import { type BenchHandler, ENGINE_IDS, type EngineId, loadEngine } from "../harness/engines.js";
import { type CheckpointTraffic, FakeDurableService } from "../harness/fake-durable-service.js";
import { runToCompletion } from "../harness/run-to-completion.js";
import { ratio } from "../harness/stats.js";
import { executionArn, executionOperation } from "../harness/wire-records.js";

const WAIT_SECONDS = 60;

export interface MixedWorkflowShape {
  /** Root steps, split into `waits` groups with a wait after each group. */
  steps: number;
  /** Steps inside the one child context, which runs after the first wait. */
  childSteps: number;
  waits: number;
}

export const defaultWorkflowShape: MixedWorkflowShape = { steps: 20, childSteps: 5, waits: 3 };

/**
 * The mixed workflow: root steps in `waits` groups, each group followed by a wait; a child context of
 * `childSteps` steps after the first group's wait. Each step returns a small object, as real steps
 * return records.
 */
export function mixedWorkflowHandler(shape: MixedWorkflowShape): BenchHandler {
  const groups = Math.max(shape.waits, 1);
  return async (event, context) => {
    const { orderId } = event as { orderId: string };
    let total = 0;
    let childTotal = 0;
    let step = 0;
    for (let group = 1; group <= groups; group++) {
      const groupEnd = Math.round((shape.steps * group) / groups);
      while (step < groupEnd) {
        step++;
        const index = step;
        const record = await context.step(`step-${index}`, async () => ({ orderId, index, ok: true }));
        total += record.index;
      }
      if (group <= shape.waits) await context.wait(`wait-${group}`, { seconds: WAIT_SECONDS });
      if (group === 1) {
        childTotal = await context.runInChildContext("child", async (child) => {
          let sum = 0;
          for (let index = 1; index <= shape.childSteps; index++) {
            sum += await child.step(`child-step-${index}`, async () => index * 10);
          }
          return sum;
        });
      }
    }
    return { orderId, total, childTotal };
  };
}

export interface WorkflowRun {
  engine: EngineId;
  status: DurableExecutionInvocationOutput["Status"];
  /** The handler's result (SUCCEEDED) or the error (FAILED), as the invocation returned it. */
  outcome: string;
  invocations: number;
  traffic: CheckpointTraffic;
  /** Operations the service holds at the end (EXECUTION included). */
  operations: number;
  protocolIssues: string[];
}

/**
 * Runs the workflow on one engine to completion, the way the service does: invoke with the full
 * state; on PENDING end every started wait (and schedule every retry) and invoke again.
 */
export async function runWorkflow(engineId: EngineId, shape: MixedWorkflowShape): Promise<WorkflowRun> {
  const engine = await loadEngine(engineId);
  const service = new FakeDurableService();
  const lambda = engine.wrap(mixedWorkflowHandler(shape), service.client);
  service.load(executionArn("traffic"), [executionOperation({ orderId: "order-42" })]);
  const { output, outcome, invocations } = await runToCompletion(lambda, service, "traffic");
  return {
    engine: engineId,
    status: output.Status,
    outcome: output.Status === "PENDING" ? "still PENDING with nothing left to complete" : outcome,
    invocations,
    traffic: service.traffic,
    operations: service.operationCount,
    protocolIssues: [...service.protocolIssues],
  };
}

export interface CheckpointTrafficResult {
  shape: MixedWorkflowShape;
  engines: Record<EngineId, WorkflowRun>;
  requestRatio: number | null;
  requestBytesRatio: number | null;
  sameResult: boolean;
}

/** Checkpoint traffic of the mixed workflow, run to completion on each engine. */
export async function runCheckpointTrafficBenchmark(
  shape: MixedWorkflowShape = defaultWorkflowShape,
): Promise<CheckpointTrafficResult> {
  const engines = {} as Record<EngineId, WorkflowRun>;
  for (const engine of ENGINE_IDS) engines[engine] = await runWorkflow(engine, shape);
  const { ours, official } = engines;
  return {
    shape,
    engines,
    requestRatio: ratio(ours.traffic.checkpointRequests, official.traffic.checkpointRequests),
    requestBytesRatio: ratio(ours.traffic.requestBytes, official.traffic.requestBytes),
    sameResult: ours.status === official.status && ours.outcome === official.outcome,
  };
}
