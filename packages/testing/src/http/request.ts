import type { IncomingMessage } from "node:http";
import { DurableServiceError, ServiceErrorCode } from "../errors/service-errors.js";

/** Largest request body accepted (a 6 MB EXECUTION payload plus JSON overhead). */
export const MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024;

/** A request as the routes see it. */
export interface ParsedRequest {
  method: string;
  /** Decoded path label (execution ARN, callback id or function name). */
  label: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** `InvalidParameterValueException` for a malformed request. */
export function invalid(message: string): DurableServiceError {
  return new DurableServiceError(ServiceErrorCode.InvalidParameterValue, message);
}

/** The body as a JSON object (undefined when empty). */
export function parseJsonBody(body: Buffer, api: string): Record<string, unknown> | undefined {
  if (body.byteLength === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw invalid(
      `${api}: could not parse the request body as JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalid(`${api}: the request body must be a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

export function queryInteger(query: URLSearchParams, name: string, api: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw invalid(`${api}: query parameter ${name} must be an integer; got ${JSON.stringify(raw)}.`);
  }
  return value;
}

export function queryBoolean(query: URLSearchParams, name: string, api: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (raw !== "true" && raw !== "false") {
    throw invalid(`${api}: query parameter ${name} must be true or false; got ${JSON.stringify(raw)}.`);
  }
  return raw === "true";
}

export function queryString(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

/** A timestamp query parameter: ISO 8601 (how the AWS SDK sends it) or epoch seconds. */
export function queryTimestamp(query: URLSearchParams, name: string, api: string): Date | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const date = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
  if (Number.isNaN(date.getTime())) {
    throw invalid(
      `${api}: query parameter ${name} must be an ISO 8601 timestamp; got ${JSON.stringify(raw)}.`,
    );
  }
  return date;
}

/** A single-valued header, if present. */
export function header(headers: IncomingMessage["headers"], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the whole body, refusing more than {@link MAX_REQUEST_BODY_BYTES}. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BODY_BYTES) {
        reject(
          new DurableServiceError(
            ServiceErrorCode.RequestTooLarge,
            `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`,
          ),
        );
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
