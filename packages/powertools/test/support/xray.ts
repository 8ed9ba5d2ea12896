import type { LocalDurableHandler } from "@durable-lambda/testing";
import AWSXRay from "aws-xray-sdk-core";

/** A subsegment as the X-Ray SDK holds it (the fields the tests read). */
export interface CapturedSubsegment {
  name: string;
  annotations?: Record<string, unknown>;
  metadata?: Record<string, Record<string, unknown>>;
  in_progress?: boolean;
  end_time?: number;
  fault?: boolean;
  error?: boolean;
  cause?: { exceptions?: { message?: string }[] };
  subsegments?: CapturedSubsegment[];
}

/** One invocation's facade segment and what was still open when the handler returned. */
export interface CapturedInvocation {
  segment: CapturedSubsegment;
  /** Names of the subsegments still open when the handler returned to Lambda. */
  openAtReturn: string[];
}

/** Every subsegment below `segment`, depth first. */
export function subsegmentsOf(segment: CapturedSubsegment): CapturedSubsegment[] {
  const found: CapturedSubsegment[] = [];
  const visit = (node: CapturedSubsegment): void => {
    for (const child of node.subsegments ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(segment);
  return found;
}

/**
 * Plays Lambda's part for X-Ray: every invocation runs in an X-Ray context of its own whose active
 * segment is a fresh facade segment, as the runtime provides. The segments are kept for the test.
 */
export function traceInvocations(handler: LocalDurableHandler): {
  handler: LocalDurableHandler;
  invocations: CapturedInvocation[];
} {
  const invocations: CapturedInvocation[] = [];
  const namespace = AWSXRay.getNamespace();
  const traced: LocalDurableHandler = (event, context) =>
    namespace.runAndReturn(async () => {
      const segment = new AWSXRay.Segment(`invocation-${invocations.length + 1}`);
      AWSXRay.setSegment(segment);
      const captured = segment as unknown as CapturedSubsegment;
      try {
        return await handler(event, context);
      } finally {
        const openAtReturn = subsegmentsOf(captured)
          .filter((subsegment) => subsegment.in_progress === true || subsegment.end_time === undefined)
          .map((subsegment) => subsegment.name);
        invocations.push({ segment: captured, openAtReturn });
      }
    });
  return { handler: traced, invocations };
}
