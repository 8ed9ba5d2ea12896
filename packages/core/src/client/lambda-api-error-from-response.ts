import { LambdaApiError, SERVER_ERROR_MIN } from "./lambda-api-error.js";

/** The code of an error answer: the `x-amzn-errortype` header (before any `:`), else the body's `__type` or `code`. */
function errorCode(header: string | undefined, body: Record<string, unknown>, status: number): string {
  const raw =
    header ??
    (typeof body.__type === "string" ? body.__type : undefined) ??
    (typeof body.code === "string" ? body.code : undefined);
  if (raw === undefined) return status >= SERVER_ERROR_MIN ? "ServiceException" : `Http${status}Error`;
  // "namespace#Code:http://…" → "Code"
  return (raw.split(":")[0] as string).split("#").pop() as string;
}

/**
 * Builds the {@link LambdaApiError} for an HTTP error answer, as the AWS SDK's REST-JSON protocol
 * reads it.
 */
export function lambdaApiErrorFromResponse(
  status: number,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  text: string,
  attempts: number,
): LambdaApiError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === "" ? {} : JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML page): the status and the code header still classify it.
  }
  const header = headers["x-amzn-errortype"];
  const code = errorCode(typeof header === "string" ? header : undefined, body, status);
  const message =
    (typeof body.message === "string" ? body.message : undefined) ??
    (typeof body.Message === "string" ? body.Message : undefined) ??
    `HTTP ${status}`;
  const requestId = headers["x-amzn-requestid"];
  return new LambdaApiError(code, message, {
    httpStatusCode: status,
    requestId: typeof requestId === "string" ? requestId : undefined,
    attempts,
  });
}
