import type { DurableExecutions } from "@durable-lambda/client";
import { encodeApprovalDecision } from "../orders/approval-decision.js";
import type { ApprovalCommand } from "./approval-request.js";

/** Sends a manager's decision to the order execution waiting for it. */
export interface ApprovalCallbacks {
  send(command: ApprovalCommand): Promise<void>;
}

/**
 * Completes the order's `manager approval` callback through `@durable-lambda/client`: a callback
 * success for an approval, a callback failure for a rejection (see `encodeApprovalDecision`).
 *
 * @example
 * ```ts
 * const callbacks = createApprovalCallbacks(new DurableExecutions());
 * await callbacks.send({ callbackId, decision: { approved: true, approver: "ann" } });
 * ```
 */
export function createApprovalCallbacks(executions: DurableExecutions): ApprovalCallbacks {
  return {
    async send({ callbackId, decision }) {
      const wire = encodeApprovalDecision(decision);
      if (wire.kind === "success") await executions.sendCallbackSuccess(callbackId, wire.result);
      else await executions.sendCallbackFailure(callbackId, wire.failure);
    },
  };
}
