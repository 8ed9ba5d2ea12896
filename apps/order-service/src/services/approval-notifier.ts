import type { Logger } from "@aws-lambda-powertools/logger";

/** What a manager needs to decide on an order, and the id to answer with. */
export interface ApprovalRequest {
  orderId: string;
  totalCents: number;
  customerEmail: string;
  /** The callback id to send to `POST /approvals` with the decision. */
  callbackId: string;
}

/** Tells a manager that an order waits for approval. Replace the stand-in with e-mail, Slack, SNS… */
export interface ApprovalNotifier {
  requestApproval(request: ApprovalRequest): Promise<void>;
}

/**
 * Logs the approval request (with the callback id) as a structured record: a manager or a script
 * reads it from the function's log group and answers through the approval API.
 *
 * @example
 * ```ts
 * const notifier = createLoggingApprovalNotifier(logger);
 * ```
 */
export function createLoggingApprovalNotifier(logger: Logger): ApprovalNotifier {
  return {
    async requestApproval(request) {
      // The customer's e-mail stays out of the logs.
      logger.info("approval requested", {
        orderId: request.orderId,
        totalCents: request.totalCents,
        callbackId: request.callbackId,
      });
    },
  };
}
