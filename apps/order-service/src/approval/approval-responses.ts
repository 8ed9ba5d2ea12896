import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** HTTP status codes the approval API answers with. */
export const ApprovalStatus = {
  sent: 200,
  badRequest: 400,
  notFound: 404,
  alreadyClosed: 409,
  throttled: 429,
  notDelivered: 502,
} as const;

/**
 * A JSON response of the approval API.
 *
 * @example
 * ```ts
 * return jsonResponse(ApprovalStatus.badRequest, { message: "Invalid approval request", problems });
 * ```
 */
export function jsonResponse(
  statusCode: number,
  body: Record<string, unknown>,
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * What the caller is told for each error a callback can get: the client's typed errors (not found,
 * throttled) and the Lambda API's own (bad id, closed callback), by the error's name.
 */
const SERVICE_ERRORS: Record<string, { statusCode: number; message: string }> = {
  InvalidParameterValueException: {
    statusCode: ApprovalStatus.badRequest,
    message: "The callback id is not valid: copy it from the order's approval request.",
  },
  ExecutionNotFoundError: {
    statusCode: ApprovalStatus.notFound,
    message: "No order is waiting for this callback id: check it, and the region of the API.",
  },
  CallbackTimeoutException: {
    statusCode: ApprovalStatus.alreadyClosed,
    message: "This approval is closed: it was already answered, it timed out, or its order ended.",
  },
  ThrottledError: {
    statusCode: ApprovalStatus.throttled,
    message: "Too many requests: retry in a few seconds.",
  },
};

/**
 * Maps an error from sending the callback to a response that says what happened and what to do;
 * an unexpected error becomes a 502 (the decision was not delivered; retry).
 *
 * @example
 * ```ts
 * return serviceErrorResponse(error).response;
 * ```
 */
export function serviceErrorResponse(error: unknown): {
  response: APIGatewayProxyStructuredResultV2;
  /** True for an answer the caller can act on (a wrong or closed id); false for an unexpected failure. */
  expected: boolean;
} {
  const name = error instanceof Error ? error.name : "Error";
  const known = SERVICE_ERRORS[name];
  const detail = error instanceof Error ? error.message : String(error);
  if (known) {
    return {
      response: jsonResponse(known.statusCode, { message: known.message, error: name, detail }),
      expected: true,
    };
  }
  const body = { message: "The decision was not delivered: retry the request.", error: name };
  return { response: jsonResponse(ApprovalStatus.notDelivered, body), expected: false };
}
