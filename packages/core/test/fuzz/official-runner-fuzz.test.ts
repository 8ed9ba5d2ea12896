import { LocalDurableTestRunner, WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineName, engines } from "../support/differential.js";
import { canonicalJson } from "./compare.js";
import { callbackOutcome, invocableFunctions, workflowScenario } from "./interpret.js";
import { generateWorkflow, type Node, type Workflow } from "./workflow.js";

type OfficialHandler = ConstructorParameters<typeof LocalDurableTestRunner>[0]["handlerFunction"];

type CallbackNode = Extract<Node, { op: "callback" }>;

/**
 * Every callback of a workflow and how many times it can run: once per item of each map around
 * it. The runner finds the n-th operation of a name, so each possible occurrence gets its answer.
 */
function callbackSites(nodes: Node[], times = 1): Array<{ node: CallbackNode; times: number }> {
  return nodes.flatMap((node) => {
    if (node.op === "callback") return [{ node, times }];
    if (node.op === "child") return callbackSites(node.body, times);
    if (node.op === "map") return callbackSites(node.body, times * node.items.length);
    if (node.op === "parallel") return node.branches.flatMap((branch) => callbackSites(branch.body, times));
    return [];
  });
}

/**
 * Whether a workflow can run under the official runner: it never times a callback out (its fake
 * clock does not reach callback timeouts), so a callback left unanswered would wait forever.
 */
function runsUnderOfficialRunner(workflow: Workflow): boolean {
  return callbackSites(workflow).every(({ node }) => node.answer !== "timeout");
}

/**
 * Answers each callback of the workflow as generated once it is ready: a `createCallback` when it
 * starts, a `waitForCallback` once its submitter ran. Occurrences that never start are never answered.
 */
function answerCallbacks(runner: LocalDurableTestRunner, workflow: Workflow): void {
  for (const { node, times } of callbackSites(workflow)) {
    const outcome = callbackOutcome(node.name, node.answer);
    if (outcome === undefined) continue;
    for (let occurrence = 0; occurrence < times; occurrence++) {
      const operation = runner.getOperationByNameAndIndex(node.name, occurrence);
      const ready = operation.waitForData(
        node.waitFor ? WaitingOperationStatus.SUBMITTED : WaitingOperationStatus.STARTED,
      );
      ready
        .then(() =>
          "success" in outcome
            ? operation.sendCallbackSuccess(outcome.success)
            : operation.sendCallbackFailure(outcome.failure),
        )
        .catch(() => {});
    }
  }
}

function sortedById<T extends { getId(): string | undefined }>(operations: T[]): T[] {
  return [...operations].sort((a, b) => ((a.getId() ?? "") < (b.getId() ?? "") ? -1 : 1));
}

/** What the official runner reports about a run, field by field. */
async function runUnderOfficialRunner(engine: EngineName, workflow: Workflow) {
  const sdk = engines[engine];
  const handler = sdk.withDurableExecution(workflowScenario(workflow).handler(sdk));
  const runner = new LocalDurableTestRunner({ handlerFunction: handler as unknown as OfficialHandler });
  for (const [name, fn] of Object.entries(invocableFunctions)) runner.registerFunction(name, fn);
  answerCallbacks(runner, workflow);
  const result = await runner.run({ payload: { id: "order-1" } });
  const status = result.getStatus();
  return {
    status,
    result: JSON.stringify(result.getResult()),
    error: status === "SUCCEEDED" ? undefined : result.getError(),
    // Sorted by id: the runner lists operations in the order requests carried them, which may differ.
    operations: sortedById(result.getOperations()).map((operation) => {
      const data = operation.getOperationData();
      return {
        id: data?.Id,
        parentId: data?.ParentId,
        name: data?.Name,
        type: data?.Type,
        subType: data?.SubType,
        status: data?.Status,
        attempt: data?.StepDetails?.Attempt,
        stepResult: data?.StepDetails?.Result,
        stepError: data?.StepDetails?.Error,
        contextResult: data?.ContextDetails?.Result,
        contextError: data?.ContextDetails?.Error,
        callbackResult: data?.CallbackDetails?.Result,
        callbackError: data?.CallbackDetails?.Error,
        invokeResult: data?.ChainedInvokeDetails?.Result,
        invokeError: data?.ChainedInvokeDetails?.Error,
      };
    }),
  };
}

/** How many generated workflows run under the official runner. */
const SEEDS = 40;

describe("random workflows under the official LocalDurableTestRunner", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("give the same status, result, error and operations on both engines", { timeout: 120_000 }, async () => {
    const seeds = Array.from({ length: SEEDS }, (_, index) => index + 1).filter((seed) =>
      runsUnderOfficialRunner(generateWorkflow(seed)),
    );
    const divergent: Array<{ seed: number; official: unknown; ours: unknown }> = [];
    /** Outcomes of callbacks and chained invokes seen, so the run is known to have exercised them. */
    const covered = new Set<string>();
    for (const seed of seeds) {
      const workflow = generateWorkflow(seed);
      const official = await runUnderOfficialRunner("official", workflow);
      const ours = await runUnderOfficialRunner("ours", workflow);
      if (canonicalJson(official) !== canonicalJson(ours)) divergent.push({ seed, official, ours });
      for (const operation of official.operations)
        if (operation.type === "CALLBACK" || operation.type === "CHAINED_INVOKE")
          covered.add(`${operation.type} ${operation.status}`);
    }

    expect(seeds.length).toBeGreaterThan(SEEDS / 2);
    expect(divergent).toEqual([]);
    expect([...covered].sort()).toEqual([
      "CALLBACK FAILED",
      "CALLBACK SUCCEEDED",
      "CHAINED_INVOKE FAILED",
      "CHAINED_INVOKE SUCCEEDED",
    ]);
  });
});
