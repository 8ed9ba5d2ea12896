import type { OperationUpdate } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { context, expectServiceError, newService, openInvocation, step } from "./support/harness.js";

const IPVE = "InvalidParameterValueException";

async function rejects(updates: OperationUpdate[], messageStart: string, setup: OperationUpdate[][] = []) {
  const service = newService();
  const invocation = openInvocation(service);
  for (const batch of setup) await invocation.checkpoint(batch);
  await expectServiceError(invocation.checkpoint(updates), IPVE, messageStart, 400);
  return { service, invocation };
}

async function accepts(updates: OperationUpdate[], setup: OperationUpdate[][] = []) {
  const service = newService();
  const invocation = openInvocation(service);
  for (const batch of setup) await invocation.checkpoint(batch);
  return invocation.checkpoint(updates);
}

describe("checkpoint validation: actions per type", () => {
  it.each([
    ["STEP", "CANCEL"],
    ["CONTEXT", "RETRY"],
    ["CONTEXT", "CANCEL"],
    ["WAIT", "SUCCEED"],
    ["WAIT", "RETRY"],
    ["CALLBACK", "SUCCEED"],
    ["CALLBACK", "FAIL"],
    ["CHAINED_INVOKE", "SUCCEED"],
    ["EXECUTION", "START"],
    ["EXECUTION", "RETRY"],
  ] as const)("rejects %s %s", async (Type, Action) => {
    await rejects([{ Id: "a", Type, Action }], "Invalid action for the given operation type.");
  });

  it("rejects an unknown operation type", async () => {
    await rejects([{ Id: "a", Type: "TIMER" as never, Action: "START" }], "Unknown operation type.");
  });

  it("rejects an unknown action", async () => {
    await rejects([step("a", "PAUSE" as never)], "Invalid action for the given operation type.");
  });

  it("rejects an update without an Id", async () => {
    await rejects(
      [{ Type: "STEP", Action: "START" } as OperationUpdate],
      "Operation update must have an Id.",
    );
  });
});

describe("checkpoint validation: EXECUTION updates", () => {
  it("rejects two EXECUTION updates in one request", async () => {
    await rejects(
      [
        { Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: "1" },
        { Id: "y", Type: "EXECUTION", Action: "SUCCEED", Payload: "2" },
      ],
      "Cannot checkpoint multiple EXECUTION updates.",
    );
  });

  it("rejects an EXECUTION update that is not last", async () => {
    await rejects(
      [{ Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: "1" }, step("a", "START")],
      "EXECUTION checkpoint must be the last update.",
    );
  });

  it("rejects EXECUTION SUCCEED with an Error and FAIL with a Payload", async () => {
    await rejects(
      [{ Id: "x", Type: "EXECUTION", Action: "SUCCEED", Error: { ErrorMessage: "no" } }],
      "Cannot provide an Error for SUCCEED action.",
    );
    await rejects(
      [{ Id: "x", Type: "EXECUTION", Action: "FAIL", Payload: "1" }],
      "Cannot provide a Payload for FAIL action.",
    );
  });
});

describe("checkpoint validation: several updates of one operation", () => {
  it("accepts STEP START then SUCCEED and CONTEXT START then SUCCEED in one request", async () => {
    const response = await accepts([
      step("s", "START"),
      step("s", "SUCCEED", { Payload: "1" }),
      context("c", "START"),
      context("c", "SUCCEED", { Payload: "2" }),
    ]);
    expect(response.NewExecutionState?.Operations?.map((op) => [op.Id, op.Status])).toEqual([
      ["s", "SUCCEEDED"],
      ["c", "SUCCEEDED"],
    ]);
  });

  it.each([
    ["START then START", [step("s", "START"), step("s", "START")]],
    ["SUCCEED then FAIL", [step("s", "SUCCEED"), step("s", "FAIL")]],
    ["START, SUCCEED, then FAIL", [step("s", "START"), step("s", "SUCCEED"), step("s", "FAIL")]],
    [
      "WAIT START then CANCEL",
      [
        { Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 5 } },
        { Id: "w", Type: "WAIT", Action: "CANCEL" },
      ],
    ],
  ] as Array<[string, OperationUpdate[]]>)("rejects %s", async (_label, updates) => {
    await rejects(updates, "Cannot update the same operation twice in a single request.");
  });
});

describe("checkpoint validation: parents", () => {
  it("rejects a ParentId that does not exist", async () => {
    await rejects([step("s", "START", { ParentId: "nope" })], "Invalid parent operation id.");
  });

  it("rejects a parent that is not a CONTEXT", async () => {
    await rejects([step("s", "START", { ParentId: "p" })], "Invalid parent operation id.", [
      [step("p", "START")],
    ]);
  });

  it("rejects a parent context started later in the request", async () => {
    await rejects(
      [step("s", "START", { ParentId: "c" }), context("c", "START")],
      "Invalid parent operation id.",
    );
  });

  it("accepts a parent started earlier in the same request, or already existing", async () => {
    await accepts([context("c", "START"), step("s", "START", { ParentId: "c" })]);
    await accepts([step("s", "START", { ParentId: "c" })], [[context("c", "START")]]);
  });
});

describe("checkpoint validation: STEP transitions", () => {
  it("rejects START of a STARTED or completed step", async () => {
    await rejects([step("s", "START")], "Invalid current STEP state to start.", [[step("s", "START")]]);
    await rejects([step("s", "START")], "Invalid current STEP state to start.", [[step("s", "SUCCEED")]]);
  });

  it("rejects START of a step whose retry is not due yet (PENDING)", async () => {
    await rejects([step("s", "START")], "Invalid current STEP state to start.", [
      [step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 60 } })],
    ]);
  });

  it("accepts START of a READY step", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await invocation.checkpoint([step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 5 } })]);
    service.clock.advanceBy(5_000);
    const response = await invocation.checkpoint([step("s", "START")]);
    expect(response.NewExecutionState?.Operations?.find((op) => op.Id === "s")?.Status).toBe("STARTED");
  });

  it("rejects SUCCEED or FAIL of a completed or PENDING step", async () => {
    await rejects([step("s", "SUCCEED")], "Invalid current STEP state to close.", [[step("s", "FAIL")]]);
    await rejects([step("s", "FAIL")], "Invalid current STEP state to close.", [
      [step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 60 } })],
    ]);
  });

  it("rejects RETRY without StepOptions, with both Error and Payload, or of a completed step", async () => {
    await rejects([step("s", "RETRY")], "Invalid StepOptions for the given action.");
    await rejects(
      [
        step("s", "RETRY", {
          StepOptions: { NextAttemptDelaySeconds: 1 },
          Payload: "1",
          Error: { ErrorMessage: "x" },
        }),
      ],
      "Cannot provide both error and payload to RETRY a STEP.",
    );
    await rejects(
      [step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 1 } })],
      "Invalid current STEP state to re-attempt.",
      [[step("s", "SUCCEED")]],
    );
  });

  it("rejects SUCCEED with an Error and FAIL with a Payload", async () => {
    await rejects(
      [step("s", "SUCCEED", { Error: { ErrorMessage: "x" } })],
      "Cannot provide an Error for SUCCEED action.",
    );
    await rejects([step("s", "FAIL", { Payload: "1" })], "Cannot provide a Payload for FAIL action.");
  });

  it("rejects a fractional or negative retry delay", async () => {
    await rejects(
      [step("s", "RETRY", { StepOptions: { NextAttemptDelaySeconds: 1.5 } })],
      "update 0 (STEP RETRY, Id s): StepOptions.NextAttemptDelaySeconds must be a whole number",
    );
  });
});

describe("checkpoint validation: CONTEXT transitions", () => {
  it("rejects START of an existing context", async () => {
    await rejects([context("c", "START")], "Cannot start a CONTEXT that already exists.", [
      [context("c", "START")],
    ]);
  });

  it("rejects closing a context twice", async () => {
    await rejects([context("c", "FAIL")], "Invalid current CONTEXT state to close.", [
      [context("c", "START"), context("c", "SUCCEED")],
    ]);
  });

  it("rejects SUCCEED with an Error and FAIL with a Payload", async () => {
    await rejects(
      [context("c", "SUCCEED", { Error: { ErrorMessage: "x" } })],
      "Cannot provide an Error for SUCCEED action.",
      [[context("c", "START")]],
    );
    await rejects([context("c", "FAIL", { Payload: "1" })], "Cannot provide a Payload for FAIL action.", [
      [context("c", "START")],
    ]);
  });
});

describe("checkpoint validation: WAIT, CALLBACK and CHAINED_INVOKE", () => {
  const starts: Record<string, OperationUpdate> = {
    WAIT: { Id: "o", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 60 } },
    CALLBACK: { Id: "o", Type: "CALLBACK", Action: "START" },
    CHAINED_INVOKE: {
      Id: "o",
      Type: "CHAINED_INVOKE",
      Action: "START",
      ChainedInvokeOptions: { FunctionName: "other" },
    },
  };

  it.each(["WAIT", "CALLBACK"])("rejects START of an existing %s", async (type) => {
    await rejects([starts[type] as OperationUpdate], `Cannot start a ${type} that already exists.`, [
      [starts[type] as OperationUpdate],
    ]);
  });

  it("rejects START of an existing CHAINED_INVOKE", async () => {
    // The unknown function fails the invoke at once; starting it again is still rejected.
    await rejects(
      [starts.CHAINED_INVOKE as OperationUpdate],
      "Cannot start a CHAINED_INVOKE that already exists.",
      [[starts.CHAINED_INVOKE as OperationUpdate]],
    );
  });

  it.each(["WAIT", "CALLBACK", "CHAINED_INVOKE"])("rejects CANCEL of an absent %s", async (type) => {
    await rejects(
      [{ Id: "o", Type: type as OperationUpdate["Type"], Action: "CANCEL" }],
      `Cannot cancel a ${type} that does not exist or has already completed.`,
    );
  });

  it("rejects CANCEL of a completed WAIT and accepts CANCEL of a STARTED one", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await invocation.checkpoint([starts.WAIT as OperationUpdate]);
    const cancelled = await invocation.checkpoint([{ Id: "o", Type: "WAIT", Action: "CANCEL" }]);
    expect(cancelled.NewExecutionState?.Operations?.[0]?.Status).toBe("CANCELLED");
    await expectServiceError(
      invocation.checkpoint([{ Id: "o", Type: "WAIT", Action: "CANCEL" }]),
      IPVE,
      "Cannot cancel a WAIT that does not exist or has already completed.",
    );
  });

  it.each([undefined, 0, 2.5, -1])("rejects WaitSeconds %s", async (seconds) => {
    await rejects(
      [{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: seconds as number } }],
      "update 0 (WAIT START, Id w): WaitOptions.WaitSeconds",
    );
  });

  it("rejects a CHAINED_INVOKE START without FunctionName", async () => {
    await rejects(
      [{ Id: "i", Type: "CHAINED_INVOKE", Action: "START" }],
      "update 0 (CHAINED_INVOKE START, Id i): ChainedInvokeOptions.FunctionName is required",
    );
  });

  it("rejects a negative callback timeout", async () => {
    await rejects(
      [{ Id: "c", Type: "CALLBACK", Action: "START", CallbackOptions: { TimeoutSeconds: -5 } }],
      "update 0 (CALLBACK START, Id c): CallbackOptions.TimeoutSeconds",
    );
  });

  it("rejects an update that changes an operation's type", async () => {
    await rejects([{ Id: "s", Type: "WAIT", Action: "CANCEL" }], "Operation type mismatch.", [
      [step("s", "START")],
    ]);
  });
});

describe("checkpoint validation: sizes", () => {
  const MIB = 1024 * 1024;

  it("rejects a STEP payload over 1 MiB and accepts one of exactly 1 MiB", async () => {
    await rejects(
      [step("s", "SUCCEED", { Payload: "x".repeat(MIB + 1) })],
      "Payload size exceeds the maximum.",
    );
    await accepts([step("s", "SUCCEED", { Payload: "x".repeat(MIB) })]);
  });

  it("counts UTF-8 bytes, not characters", async () => {
    await rejects(
      [step("s", "SUCCEED", { Payload: "é".repeat(MIB / 2 + 1) })],
      "Payload size exceeds the maximum.",
    );
  });

  it("accepts an EXECUTION payload of 5 MiB but not over 6 MiB", async () => {
    await accepts([{ Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: "x".repeat(5 * MIB) }]);
    await rejects(
      [{ Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: "x".repeat(6 * MIB + 1) }],
      "Payload size exceeds the maximum.",
    );
  });

  it("rejects an error object whose fields add up to more than 1 MiB", async () => {
    await rejects(
      [
        step("s", "FAIL", {
          Error: { ErrorMessage: "m".repeat(MIB / 2), ErrorData: "d".repeat(MIB / 2 + 1) },
        }),
      ],
      "update 0 (STEP FAIL, Id s): the combined size of the Error fields is",
    );
  });
});

describe("checkpoint validation: atomicity", () => {
  it("applies nothing from a rejected request and keeps the token valid", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    await expectServiceError(
      invocation.checkpoint([step("ok", "START"), step("bad", "RETRY")]),
      IPVE,
      "Invalid StepOptions for the given action.",
    );
    expect(service.getOperations(invocation.arn).map((op) => op.Id)).not.toContain("ok");
    const response = await invocation.checkpoint([step("ok", "START")]);
    expect(response.NewExecutionState?.Operations?.[0]?.Id).toBe("ok");
  });
});
