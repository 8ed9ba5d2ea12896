import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineName, engines } from "../support/differential.js";
import { canonicalJson } from "./compare.js";
import { workflowScenario } from "./interpret.js";
import { generateWorkflow, type Node, type Workflow } from "./workflow.js";

type OfficialHandler = ConstructorParameters<typeof LocalDurableTestRunner>[0]["handlerFunction"];

/** Callbacks and chained invokes need the test to answer them; these workflows run on their own. */
function runsUnattended(nodes: Node[]): boolean {
  return nodes.every((node) => {
    if (node.op === "callback" || node.op === "invoke") return false;
    if (node.op === "child" || node.op === "map") return runsUnattended(node.body);
    if (node.op === "parallel") return node.branches.every((branch) => runsUnattended(branch.body));
    return true;
  });
}

function sortedById<T extends { getId(): string | undefined }>(operations: T[]): T[] {
  return [...operations].sort((a, b) => ((a.getId() ?? "") < (b.getId() ?? "") ? -1 : 1));
}

/** What the official runner reports about a run, field by field. */
async function runUnderOfficialRunner(engine: EngineName, workflow: Workflow) {
  const sdk = engines[engine];
  const handler = sdk.withDurableExecution(workflowScenario(workflow).handler(sdk));
  const runner = new LocalDurableTestRunner({ handlerFunction: handler as unknown as OfficialHandler });
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
      };
    }),
  };
}

/** How many generated workflows (the unattended ones among the first seeds) run under the official runner. */
const SEEDS = 40;

describe("random workflows under the official LocalDurableTestRunner", () => {
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  it("give the same status, result, error and operations on both engines", { timeout: 120_000 }, async () => {
    const seeds = Array.from({ length: SEEDS }, (_, index) => index + 1).filter((seed) =>
      runsUnattended(generateWorkflow(seed)),
    );
    const divergent: Array<{ seed: number; official: unknown; ours: unknown }> = [];
    for (const seed of seeds) {
      const workflow = generateWorkflow(seed);
      const official = await runUnderOfficialRunner("official", workflow);
      const ours = await runUnderOfficialRunner("ours", workflow);
      if (canonicalJson(official) !== canonicalJson(ours)) divergent.push({ seed, official, ours });
    }

    expect(seeds.length).toBeGreaterThan(10);
    expect(divergent).toEqual([]);
  });
});
