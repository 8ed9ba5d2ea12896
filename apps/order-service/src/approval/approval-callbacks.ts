import {
  type LambdaClient,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { encodeApprovalDecision } from "../orders/approval-decision.js";
import type { ApprovalCommand } from "./approval-request.js";

/** Sends a manager's decision to the order execution waiting for it. */
export interface ApprovalCallbacks {
  send(command: ApprovalCommand): Promise<void>;
}

/**
 * Completes the order's `manager approval` callback: `SendDurableExecutionCallbackSuccess` for an
 * approval, `SendDurableExecutionCallbackFailure` for a rejection (see `encodeApprovalDecision`).
 *
 * @example
 * ```ts
 * await createApprovalCallbacks(new LambdaClient({})).send({ callbackId, decision: { approved: true, approver: "ann" } });
 * ```
 */
export function createApprovalCallbacks(client: LambdaClient): ApprovalCallbacks {
  return {
    async send({ callbackId, decision }) {
      const wire = encodeApprovalDecision(decision);
      if (wire.kind === "success") {
        await client.send(
          new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: wire.result }),
        );
      } else {
        await client.send(
          new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: wire.error }),
        );
      }
    },
  };
}
