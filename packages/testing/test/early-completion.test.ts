import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LocalDurableRunner } from "../src/index.js";
import {
  earlyCompletingMap,
  wastedInvocations,
  workflowArbitrary,
  workflowOf,
} from "./support/early-completion.js";
import { type DurableEngine, httpRunner } from "./support/http.js";

// Our engine, loaded by name at run time: declaring it as a dependency would make the workspace
// graph circular (@durable-lambda/core's own tests use this package).
const OUR_ENGINE = "@durable-lambda/core";
const ours = (await import(OUR_ENGINE)) as DurableEngine;

const engines: Array<[string, DurableEngine]> = [
  ["official SDK", { withDurableExecution }],
  ["@durable-lambda/core", ours],
];

describe.each(engines)(
  "a batch that completed early is not re-invoked for its leftovers (%s)",
  (_name, engine) => {
    it("in process: three invocations (start, the 1 s wait, the 60 s wait), none wasted", async () => {
      const runner = new LocalDurableRunner({
        handler: engine.withDurableExecution(earlyCompletingMap),
        maxInvocations: 20,
      });
      const result = await runner.run();
      expect(result.status).toBe("SUCCEEDED");
      expect(result.result).toEqual(["waited"]);
      expect(result.invocations).toHaveLength(3);
      expect(wastedInvocations(result)).toEqual([]);
    });

    it("over HTTP: the same three invocations", async () => {
      const { runner } = await httpRunner(earlyCompletingMap, { maxInvocations: 20 }, engine);
      try {
        const result = await runner.run();
        expect(result.status).toBe("SUCCEEDED");
        expect(result.invocations).toHaveLength(3);
        expect(wastedInvocations(result)).toEqual([]);
      } finally {
        await runner.close();
      }
    });
  },
);

describe("the service rule for leftovers of a finished batch", () => {
  it("an execution returning PENDING with only leftovers of a finished batch pending fails at once", async () => {
    const runner = new LocalDurableRunner({ handler: withDurableExecution(earlyCompletingMap) });
    const service = runner.service;
    const arn = service.startExecution({ functionName: "durable-function" });
    // Build the leftover by hand: a finished map whose item still has a retry scheduled.
    const envelope = service.startInvocation(arn);
    let token = envelope.CheckpointToken;
    const checkpoint = async (
      updates: Parameters<typeof service.checkpointDurableExecution>[0]["Updates"],
    ) => {
      const response = await service.checkpointDurableExecution({
        DurableExecutionArn: arn,
        CheckpointToken: token,
        Updates: updates,
      });
      token = response.CheckpointToken as string;
    };
    await checkpoint([
      { Id: "m", Type: "CONTEXT", SubType: "Map", Action: "START" },
      { Id: "i0", ParentId: "m", Type: "CONTEXT", SubType: "MapIteration", Action: "START" },
      {
        Id: "s0",
        ParentId: "i0",
        Type: "STEP",
        SubType: "Step",
        Action: "RETRY",
        StepOptions: { NextAttemptDelaySeconds: 5 },
        Error: { ErrorMessage: "x" },
      },
    ]);
    await checkpoint([{ Id: "m", Type: "CONTEXT", SubType: "Map", Action: "SUCCEED", Payload: "[]" }]);
    service.clock.advanceBy(10_000);
    expect(service.isInvocationDue(arn)).toBe(false);
    service.completeInvocation(arn, { Status: "PENDING" });
    expect(service.executionStatus(arn)).toBe("FAILED");
  });
});

describe.each(engines)(
  "property: batches that complete early never cause a wasted invocation (%s)",
  (_name, engine) => {
    it("holds for random map and parallel workflows with retries and waits, in process", async () => {
      await fc.assert(
        fc.asyncProperty(workflowArbitrary, async (spec) => {
          const runner = new LocalDurableRunner({
            handler: engine.withDurableExecution(workflowOf(spec)),
            maxInvocations: 50,
          });
          const result = await runner.run();
          expect(result.status).toBe("SUCCEEDED");
          expect(result.result).toBeGreaterThanOrEqual(spec.minSuccessful);
          expect(wastedInvocations(result)).toEqual([]);
        }),
        { numRuns: 60, seed: 20261206 },
      );
    });
  },
);
