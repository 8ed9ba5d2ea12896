import { describe, expect, it } from "vitest";
import { compareCaptures } from "../fuzz/compare.js";
import { workflowScenario } from "../fuzz/interpret.js";
import type { Node, Workflow } from "../fuzz/workflow.js";
import { type RunCapture, runScenario } from "../support/differential.js";

/**
 * When a map or parallel completes early, its items still running go on, and whatever they record
 * after the batch's context ended is dropped. Which of their updates come before that end is decided
 * within one macrotask, by microtask turns; both engines must record exactly the same updates.
 * These workflows are the smallest reproductions the differential fuzzer found.
 */
async function onBothEngines(workflow: Workflow, config?: Parameters<typeof runScenario>[3]) {
  const scenario = workflowScenario(workflow);
  const official = await runScenario(scenario, () => "official", undefined, config);
  const ours = await runScenario(scenario, () => "ours", undefined, config);
  return { official, ours };
}

type ParallelNode = Extract<Node, { op: "parallel" }>;

/**
 * A parallel `outer` whose branch "holder" runs the parallel `inner` (then throws, or not), next
 * to `siblings`: the nesting in which a branch of `inner` ends as `outer` closes.
 */
function nested(
  outer: string,
  inner: Omit<ParallelNode, "op">,
  holderThrows: boolean,
  siblings: ParallelNode["branches"] = [],
): Workflow {
  const holder = { name: "holder", body: [{ op: "parallel", ...inner } as Node], throws: holderThrows };
  return [{ op: "parallel", name: outer, branches: [holder, ...siblings] }];
}

function statusOf(capture: RunCapture, name: string): unknown {
  return capture.operations.find((operation) => operation.Name === name)?.Status;
}

describe("updates of items still running when a batch completes early", () => {
  it("a nested map ending after its parallel completed does not record its result", async () => {
    // minSuccessful 0: the parallel completes as soon as the empty branch ends; the other branch's
    // map fails its only item in the same macrotask, after the parallel's context ended.
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        name: "parallel",
        branches: [
          { name: "empty", body: [], throws: false },
          {
            name: "busy",
            body: [{ op: "map", name: "map", items: [313], failing: [0], body: [] }],
            throws: false,
          },
        ],
        completion: { minSuccessful: 0 },
      },
    ]);

    expect(statusOf(official, "map")).toBe("STARTED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });

  it("a callback answered in the moment a sibling branch fails still records its result", async () => {
    // The parallel fails fast when "failing" throws; the callback of the other branch completes in
    // the same response, and its waitForCallback context ends before the parallel's does.
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        name: "parallel",
        branches: [
          {
            name: "failing",
            body: [
              {
                op: "combinator",
                name: "combine",
                which: "allSettled",
                steps: [
                  {
                    op: "step",
                    name: "charge",
                    value: { id: false },
                    outcome: { kind: "flaky", failures: 2 },
                    maxAttempts: 1,
                    atMostOnce: true,
                    errorName: "Error",
                  },
                ],
              },
              {
                op: "step",
                name: "notify",
                value: null,
                outcome: { kind: "ok" },
                maxAttempts: 1,
                atMostOnce: false,
                errorName: "Error",
              },
            ],
            throws: true,
          },
          {
            body: [
              { op: "condition", polls: 1, delaySeconds: 12 },
              { op: "callback", name: "cb-approval", answer: "success", waitFor: true },
            ],
            throws: true,
          },
        ],
      },
    ]);

    expect(statusOf(official, "cb-approval")).toBe("SUCCEEDED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });
  it("a child context ending as its parallel completes does not record its branch's failure", async () => {
    // The parallel completes when the empty branch ends; the other branch's child context ends in
    // the same macrotask, then the branch throws: after the parallel's context ended.
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        name: "parallel",
        branches: [
          { name: "nested", body: [{ op: "child", name: "child", body: [], throws: false }], throws: true },
          { body: [], throws: false },
        ],
        completion: { minSuccessful: 0 },
      },
    ]);

    expect(statusOf(official, "nested")).toBe("STARTED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });

  it("an item started by the first item's end records its failure before the map completes", async () => {
    // Two items at a time: when item 0 ends, item 2 starts; item 1 ends in the same turn and
    // completes the map (minSuccessful 2), but item 2 fails before the map's context ends.
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        branches: [
          {
            name: "branch",
            body: [
              {
                op: "map",
                name: "map",
                items: ["a", 476, false],
                failing: [2],
                body: [],
                maxConcurrency: 2,
                completion: { minSuccessful: 2 },
              },
            ],
            throws: true,
          },
        ],
      },
    ]);

    expect(statusOf(official, "map-item-2")).toBe("FAILED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });

  it("a step failing after a nested parallel records its end before the outer parallel fails", async () => {
    // The outer parallel fails fast when the first branch throws after an empty map; the second
    // branch's step fails just before that.
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        branches: [
          {
            name: "failing",
            body: [{ op: "map", name: "empty", items: [], failing: [], body: [] }],
            throws: true,
          },
          {
            body: [
              { op: "parallel", name: "nested", branches: [{ body: [], throws: true }] },
              {
                op: "step",
                name: "charge",
                value: null,
                outcome: { kind: "fail" },
                maxAttempts: 1,
                atMostOnce: false,
                errorName: "TypeError",
              },
            ],
            throws: false,
          },
        ],
      },
    ]);

    expect(statusOf(official, "charge")).toBe("FAILED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });
  it("a combinator's result reaches its branch as many turns later as in the official SDK", async () => {
    // minSuccessful 0: the parallel completes with the first branch to end, the combinator's; the
    // other branch ends one turn before the parallel's context does, so its end is recorded.
    const atMostOnce = {
      op: "step",
      value: null,
      outcome: { kind: "ok" },
      maxAttempts: 1,
      atMostOnce: true,
      errorName: "Error",
    } as const;
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        name: "parallel",
        branches: [
          {
            name: "combining",
            body: [{ op: "combinator", name: "combine", which: "all", steps: [atMostOnce] }],
            throws: false,
          },
          {
            name: "mapping",
            body: [atMostOnce, { op: "map", items: [], failing: [], body: [] }],
            throws: false,
          },
        ],
        completion: { minSuccessful: 0 },
      },
    ]);

    expect(statusOf(official, "mapping")).toBe("SUCCEEDED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });

  it("an invoke's result reaches its branch before a step's failure ends the parallel", async () => {
    // The invoke's result and the second step's SUCCEED come back in the same response; the
    // invoke's branch ends before the other branch throws, so the parallel reports it SUCCEEDED.
    const step = {
      op: "step",
      value: null,
      outcome: { kind: "ok" },
      maxAttempts: 3,
      atMostOnce: false,
      errorName: "TypeError",
    } as const;
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        name: "parallel",
        branches: [
          { body: [{ op: "invoke", target: "double", input: 76 }], throws: false },
          { name: "throwing", body: [{ ...step, name: "first" }, step], throws: true },
        ],
      },
    ]);

    expect(JSON.parse(official.rawResult ?? "null")[0][2]).toBe(1);
    expect(compareCaptures(official, ours)).toEqual([]);
  });
  it("a waitForCondition's state reaches its branch as many turns later as in the official SDK", async () => {
    // The condition is met at its first check and the step succeeds, in the same response; the
    // throwing branch reaches the parallel first, which reports the condition's branch STARTED.
    const { official, ours } = await onBothEngines([
      {
        op: "parallel",
        name: "parallel",
        branches: [
          { body: [{ op: "condition", name: "poll", polls: 1, delaySeconds: 15 }], throws: false },
          {
            body: [
              {
                op: "step",
                name: "charge",
                value: null,
                outcome: { kind: "ok" },
                maxAttempts: 3,
                atMostOnce: false,
                errorName: "TypeError",
              },
            ],
            throws: true,
          },
        ],
      },
    ]);

    expect(JSON.parse(official.rawResult ?? "null")[0][2]).toBe(0);
    expect(compareCaptures(official, ours)).toEqual([]);
  });

  it("a failed chained invoke, replayed, ends its branch in the same turn as in the official SDK", async () => {
    // Replayed: the invoke failed and the sibling's callback was answered; the inner parallel fails
    // fast on the invoke, and the callback's branch records its SUCCEED just before that end.
    const { official, ours } = await onBothEngines(
      nested(
        "parallel",
        {
          name: "inner",
          branches: [
            { body: [{ op: "invoke", name: "breaker-call", target: "breaker", input: 11 }], throws: true },
            {
              name: "answered",
              body: [{ op: "callback", name: "cb-7", answer: "success", waitFor: false }],
              throws: false,
            },
          ],
        },
        false,
      ),
    );

    expect(statusOf(official, "answered")).toBe("SUCCEEDED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });

  it("a failed step ends its branch in the same turn as in the official SDK", async () => {
    // The step fails in the same response that ends the sibling's wait: the parallel completes on
    // the first success, and only the branch whose end reached it first is recorded.
    const { official, ours } = await onBothEngines(
      nested(
        "outer",
        {
          name: "inner",
          branches: [
            {
              name: "polling",
              body: [
                {
                  op: "step",
                  name: "step",
                  value: null,
                  outcome: { kind: "fail" },
                  maxAttempts: 1,
                  atMostOnce: false,
                  errorName: "RangeError",
                },
                { op: "condition", name: "poll", polls: 1, delaySeconds: 3 },
              ],
              throws: false,
            },
            {
              name: "declined",
              body: [{ op: "callback", name: "cb-11", answer: "failure", waitFor: true }],
              throws: false,
            },
          ],
          completion: { minSuccessful: 1, toleratedFailurePercentage: 100 },
        },
        true,
      ),
    );

    expect(statusOf(official, "declined")).toBe("STARTED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });

  it("with a plugin, a callback answered as the invocation ends is recorded as in the official SDK", async () => {
    // The parallels fail fast in the first invocation; the callback of the abandoned branch is
    // answered while the invocation ends, and lands before its response on both engines, whose
    // plugin hooks take the same turns.
    const plugin = { onOperationStart: () => {}, onOperationEnd: () => {}, onOperationChange: () => {} };
    const { official, ours } = await onBothEngines(
      nested(
        "outer",
        {
          name: "inner",
          branches: [
            { body: [{ op: "callback", name: "cb-2", answer: "success", waitFor: true }], throws: false },
            { name: "failing", body: [], throws: true },
          ],
        },
        true,
        [{ body: [], throws: true }],
      ),
      { plugins: [plugin] },
    );

    expect(official.operations.find((operation) => operation.Type === "CALLBACK")?.Status).toBe("SUCCEEDED");
    expect(compareCaptures(official, ours)).toEqual([]);
  });
});
