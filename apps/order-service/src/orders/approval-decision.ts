import type { CallbackFailure } from "@durable-lambda/client";
import type { ApprovalDecision } from "./order-types.js";

/** The `ErrorType` a rejection is sent with (`SendDurableExecutionCallbackFailure`). */
export const REJECTION_ERROR_TYPE = "OrderRejected";

/** Used when a decision was sent without saying who made it (e.g. by hand from a CLI). */
const UNNAMED_APPROVER = "an unnamed approver";
const NO_REASON = "no reason given";

/**
 * How a decision travels on the callback: an approval is a callback success whose result is
 * `{"approved":true,"approver":…}`; a rejection is a callback failure of type `OrderRejected`
 * whose message is the reason and whose data is `{"approver":…}`.
 *
 * @example
 * ```ts
 * const wire = encodeApprovalDecision({ approved: false, approver: "ann", reason: "over budget" });
 * // { kind: "failure", failure: { errorType: "OrderRejected", errorMessage: "over budget", errorData: '{"approver":"ann"}' } }
 * ```
 */
export function encodeApprovalDecision(
  decision: ApprovalDecision,
): { kind: "success"; result: string } | { kind: "failure"; failure: CallbackFailure } {
  if (decision.approved) {
    return { kind: "success", result: JSON.stringify({ approved: true, approver: decision.approver }) };
  }
  return {
    kind: "failure",
    failure: {
      errorType: REJECTION_ERROR_TYPE,
      errorMessage: decision.reason ?? NO_REASON,
      errorData: JSON.stringify({ approver: decision.approver }),
    },
  };
}

function parseJsonObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Reads an approval back in the workflow from a callback's result. Lenient on purpose: a success
 * sent by hand with any payload approves (with an unnamed approver), unless it says
 * `"approved": false`.
 *
 * @example
 * ```ts
 * parseApprovalResult('{"approved":true,"approver":"ann"}'); // { approved: true, approver: "ann" }
 * ```
 */
export function parseApprovalResult(
  result: string | undefined,
): Required<ApprovalDecision> | { approved: true; approver: string } {
  const payload = parseJsonObject(result);
  const approver = approverOf(payload);
  if (payload.approved === false) {
    return {
      approved: false,
      approver,
      reason: typeof payload.reason === "string" ? payload.reason : NO_REASON,
    };
  }
  return { approved: true, approver };
}

/**
 * Reads a rejection back in the workflow from the error a failed callback rejects with.
 *
 * @example
 * ```ts
 * parseRejection({ message: "over budget", errorData: '{"approver":"ann"}' }); // { approved: false, approver: "ann", reason: "over budget" }
 * ```
 */
export function parseRejection(failure: { message: string; errorData?: string }): Required<ApprovalDecision> {
  return {
    approved: false,
    approver: approverOf(parseJsonObject(failure.errorData)),
    reason: failure.message || NO_REASON,
  };
}

function approverOf(payload: Record<string, unknown>): string {
  return typeof payload.approver === "string" && payload.approver !== ""
    ? payload.approver
    : UNNAMED_APPROVER;
}
