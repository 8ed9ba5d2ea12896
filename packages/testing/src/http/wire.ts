import type { ServerResponse } from "node:http";
import {
  DurableServiceError,
  isDurableServiceError,
  ServiceErrorCode,
  ServiceErrorMessageMember,
} from "../errors/service-errors.js";
import { MS_PER_SECOND } from "../service/constants.js";

/** JSON-encodable value the server writes. */
type Wire = string | number | boolean | null | Wire[] | { [key: string]: Wire };

/**
 * Converts a service response to the restJson wire form the AWS SDK expects: timestamps as
 * epoch seconds (fractional for milliseconds), undefined members left out.
 */
export function toWire(value: unknown): Wire | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (value instanceof Date) return value.getTime() / MS_PER_SECOND;
  if (Array.isArray(value)) return value.map((item) => toWire(item) ?? null);
  if (typeof value === "object") {
    const out: { [key: string]: Wire } = {};
    for (const [key, member] of Object.entries(value)) {
      const converted = toWire(member);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return undefined;
}

/** Writes a 200 JSON response. */
export function writeJson(response: ServerResponse, requestId: string, body: unknown): void {
  const text = JSON.stringify(toWire(body) ?? {});
  response.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text, "utf8"),
    "x-amzn-requestid": requestId,
  });
  response.end(text);
}

/** Writes a response that carries its own status, headers and body bytes. */
export function writeRaw(
  response: ServerResponse,
  requestId: string,
  raw: { status: number; headers: Readonly<Record<string, string>>; body: Buffer },
): void {
  response.writeHead(raw.status, {
    ...raw.headers,
    "content-length": raw.body.byteLength,
    "x-amzn-requestid": requestId,
  });
  response.end(raw.body);
}

/**
 * Writes an error the way Lambda does: status code, `x-amzn-errortype` header and a JSON body
 * with `Type` and the message member of that error.
 */
export function writeError(response: ServerResponse, requestId: string, error: unknown): void {
  const serviceError = isDurableServiceError(error)
    ? error
    : new DurableServiceError(
        ServiceErrorCode.Service,
        `The local service failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
  const status = serviceError.$metadata.httpStatusCode;
  const messageMember = ServiceErrorMessageMember[serviceError.name] ?? "message";
  const body: Record<string, string> = {
    Type: serviceError.$fault === "server" ? "Service" : "User",
    [messageMember]: serviceError.message,
  };
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "x-amzn-errortype": serviceError.name,
    "x-amzn-requestid": requestId,
  };
  const throttle = serviceError as { retryAfterSeconds?: unknown; Reason?: unknown };
  if (typeof throttle.retryAfterSeconds === "string") headers["retry-after"] = throttle.retryAfterSeconds;
  if (typeof throttle.Reason === "string") body.Reason = throttle.Reason;
  const text = JSON.stringify(body);
  headers["content-length"] = Buffer.byteLength(text, "utf8");
  response.writeHead(status, headers);
  response.end(text);
}
