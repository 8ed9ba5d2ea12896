import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions } from "@durable-lambda/client";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { assertKnownOptions } from "../config/configuration-error.js";
import { type ApprovalCallbacks, createApprovalCallbacks } from "./approval-callbacks.js";
import { parseApprovalRequest } from "./approval-request.js";
import { ApprovalStatus, jsonResponse, serviceErrorResponse } from "./approval-responses.js";

/** Options of {@link createApprovalHandler}. */
export interface ApprovalHandlerOptions {
  /** Lambda client the callbacks are sent with (through `DurableExecutions`). Default: one from the environment. */
  lambdaClient?: LambdaClient;
}

const KNOWN_OPTIONS = ["lambdaClient"] as const;

/**
 * Builds the approval API's handler (`POST /approvals`, an API Gateway HTTP API event): validates
 * the body, sends the decision to the waiting order execution and answers 200, or 400 with every
 * problem, or 404/409/429/502 saying why the decision could not be delivered.
 *
 * @example
 * ```ts
 * export const handler = createApprovalHandler();
 * ```
 */
export function createApprovalHandler(options: ApprovalHandlerOptions = {}) {
  assertKnownOptions("createApprovalHandler", options, KNOWN_OPTIONS);
  const logger = new Logger({ serviceName: "approvals" });
  let callbacks: ApprovalCallbacks | undefined;
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => {
      const parsed = parseApprovalRequest(event.body, event.isBase64Encoded);
      if (!parsed.ok) {
        logger.warn("approval request rejected", { problems: parsed.problems });
        return jsonResponse(ApprovalStatus.badRequest, {
          message: "Invalid approval request",
          problems: parsed.problems,
        });
      }
      const { callbackId, decision } = parsed.command;
      // Created on first use, so a cold start that only answers 400s never loads the client.
      callbacks ??= createApprovalCallbacks(
        new DurableExecutions(options.lambdaClient ? { client: options.lambdaClient } : {}),
      );
      try {
        await callbacks.send(parsed.command);
      } catch (error) {
        const { response, expected } = serviceErrorResponse(error);
        // A wrong or closed callback id is the caller's to fix; anything else is ours.
        if (expected)
          logger.warn("approval not delivered", {
            callbackId,
            statusCode: response.statusCode,
            error: (error as Error).message,
          });
        else logger.error("approval not delivered", { callbackId, error: error as Error });
        return response;
      }
      logger.info("approval delivered", {
        callbackId,
        approved: decision.approved,
        approver: decision.approver,
      });
      return jsonResponse(ApprovalStatus.sent, {
        message: decision.approved ? "Order approved" : "Order rejected",
        callbackId,
        decision: decision.approved ? "approve" : "reject",
      });
    });
}
