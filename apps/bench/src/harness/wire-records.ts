import { createHash } from "node:crypto";
import type { WireOperation } from "@durable-lambda/core";
import type { Context } from "aws-lambda";

/** Length of a wire operation id: the first 16 hex characters of the md5 of the step id. */
const WIRE_ID_LENGTH = 16;
/** A Lambda invocation's budget; generous so that no engine ends an invocation for lack of time. */
const INVOCATION_BUDGET_MS = 15 * 60 * 1000;

export const EXECUTION_OPERATION_ID = "execution";

/**
 * The wire id of a step id ("1", "2", "2-1", …) as the service stores it. Written independently of
 * both engines on purpose: if either hashed differently, replay would not find its records.
 */
export function wireOperationId(stepId: string): string {
  return createHash("md5").update(stepId).digest("hex").slice(0, WIRE_ID_LENGTH);
}

/** A fresh execution ARN, unique per run so no engine can reuse anything from an earlier run. */
export function executionArn(name: string): string {
  return `arn:aws:lambda:us-east-1:123456789012:function:bench:$LATEST/durable-execution/${name}/${process.pid}-${Date.now().toString(36)}`;
}

/** The EXECUTION operation that opens every execution's state, carrying the user's event. */
export function executionOperation(input: unknown = {}): WireOperation {
  return {
    Id: EXECUTION_OPERATION_ID,
    Type: "EXECUTION",
    Status: "STARTED",
    StartTimestamp: new Date(),
    ExecutionDetails: { InputPayload: JSON.stringify(input) },
  };
}

/** A root-level step that already SUCCEEDED in an earlier invocation (attempt 1). */
export function succeededStepOperation(
  stepId: string,
  name: string | undefined,
  result: unknown,
): WireOperation {
  const timestamp = new Date();
  return {
    Id: wireOperationId(stepId),
    Type: "STEP",
    SubType: "Step",
    ...(name === undefined ? {} : { Name: name }),
    Status: "SUCCEEDED",
    StartTimestamp: timestamp,
    EndTimestamp: timestamp,
    StepDetails: { Attempt: 1, Result: JSON.stringify(result) },
  };
}

/** A Lambda context with the members the engines read. */
export function fakeLambdaContext(requestId: string): Context {
  const deadline = Date.now() + INVOCATION_BUDGET_MS;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "bench",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench",
    memoryLimitInMB: "1024",
    awsRequestId: requestId,
    logGroupName: "/aws/lambda/bench",
    logStreamName: "bench",
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
