import type { ApprovalDecision } from "../orders/order-types.js";

/** Limits of the approval request body. */
export const ApprovalRequestLimits = {
  /** The Lambda API accepts callback ids up to this length. */
  maxCallbackIdLength: 1024,
  maxApproverLength: 256,
  maxReasonLength: 1000,
} as const;

const KNOWN_FIELDS = ["callbackId", "decision", "approver", "reason"] as const;
const DECISIONS = ["approve", "reject"] as const;

/** A valid request: which callback to complete, and the decision to send. */
export interface ApprovalCommand {
  callbackId: string;
  decision: ApprovalDecision;
}

/** The outcome of {@link parseApprovalRequest}: the command, or every problem with the request. */
export type ParsedApprovalRequest =
  | { ok: true; command: ApprovalCommand }
  | { ok: false; problems: string[] };

function stringProblem(
  name: string,
  value: unknown,
  maxLength: number,
  required: boolean,
): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.trim() === "") return `${name} must be a non-empty string`;
  if (value.length > maxLength) return `${name} must be at most ${maxLength} characters, got ${value.length}`;
  return undefined;
}

function decodeBody(body: string | undefined, isBase64Encoded: boolean): unknown {
  const text = isBase64Encoded && body !== undefined ? Buffer.from(body, "base64").toString("utf8") : body;
  if (text === undefined || text.trim() === "") throw new Error("the request has no body");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the body is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Validates the body of `POST /approvals`:
 * `{"callbackId": "…", "decision": "approve" | "reject", "approver": "…", "reason"?: "…"}`
 * (a reason is required to reject). Returns every problem at once, so one 400 says all that is wrong.
 *
 * @example
 * ```ts
 * const parsed = parseApprovalRequest('{"callbackId":"c-1","decision":"approve","approver":"ann"}', false);
 * if (parsed.ok) await callbacks.send(parsed.command);
 * ```
 */
export function parseApprovalRequest(
  body: string | undefined,
  isBase64Encoded = false,
): ParsedApprovalRequest {
  let request: unknown;
  try {
    request = decodeBody(body, isBase64Encoded);
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return { ok: false, problems: ["the body must be a JSON object"] };
  }
  const fields = request as Record<string, unknown>;
  const problems = [
    ...Object.keys(fields)
      .filter((key) => !(KNOWN_FIELDS as readonly string[]).includes(key))
      .map((key) => `unknown field "${key}" (known fields: ${KNOWN_FIELDS.join(", ")})`),
    stringProblem("callbackId", fields.callbackId, ApprovalRequestLimits.maxCallbackIdLength, true),
    stringProblem("approver", fields.approver, ApprovalRequestLimits.maxApproverLength, true),
    stringProblem(
      "reason",
      fields.reason,
      ApprovalRequestLimits.maxReasonLength,
      fields.decision === "reject",
    ),
  ].filter((problem): problem is string => problem !== undefined);
  if (!(DECISIONS as readonly unknown[]).includes(fields.decision)) {
    problems.push(
      `decision must be "approve" or "reject", got ${JSON.stringify(fields.decision) ?? "nothing"}`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  const approver = (fields.approver as string).trim();
  const decision: ApprovalDecision =
    fields.decision === "approve"
      ? { approved: true, approver }
      : { approved: false, approver, reason: fields.reason as string };
  return { ok: true, command: { callbackId: fields.callbackId as string, decision } };
}
