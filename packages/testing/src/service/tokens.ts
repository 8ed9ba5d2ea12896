import { randomUUID } from "node:crypto";

// Opaque identifiers the service issues: base64 JSON, so they survive URLs and JSON bodies and
// tell a reader of a failing test where they came from. Engines must treat them as opaque.

/** What a checkpoint token stands for. */
export interface CheckpointTokenData {
  /** Execution id (last segment of the ARN). */
  executionId: string;
  /** Invocation number within the execution (1-based). */
  invocation: number;
  /** Position in the invocation's token chain (0 for the envelope's token). */
  seq: number;
}

/** What a callback id stands for. */
export interface CallbackIdData {
  executionId: string;
  operationId: string;
  token: string;
}

/** What a paging marker stands for. */
export interface MarkerData {
  kind: "state" | "history";
  executionId: string;
  offset: number;
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
}

function decode(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string" || text.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64").toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function encodeCheckpointToken(data: CheckpointTokenData): string {
  return encode({ executionId: data.executionId, invocation: data.invocation, seq: data.seq });
}

export function decodeCheckpointToken(token: unknown): CheckpointTokenData | undefined {
  const data = decode(token);
  if (
    data === undefined ||
    typeof data.executionId !== "string" ||
    typeof data.invocation !== "number" ||
    typeof data.seq !== "number"
  ) {
    return undefined;
  }
  return { executionId: data.executionId, invocation: data.invocation, seq: data.seq };
}

export function createCallbackId(executionId: string, operationId: string): string {
  return encode({ executionId, operationId, token: randomUUID() });
}

export function decodeCallbackId(callbackId: unknown): CallbackIdData | undefined {
  const data = decode(callbackId);
  if (
    data === undefined ||
    typeof data.executionId !== "string" ||
    typeof data.operationId !== "string" ||
    typeof data.token !== "string"
  ) {
    return undefined;
  }
  return { executionId: data.executionId, operationId: data.operationId, token: data.token };
}

export function encodeMarker(data: MarkerData): string {
  return encode({ kind: data.kind, executionId: data.executionId, offset: data.offset });
}

export function decodeMarker(marker: unknown): MarkerData | undefined {
  const data = decode(marker);
  if (
    data === undefined ||
    (data.kind !== "state" && data.kind !== "history") ||
    typeof data.executionId !== "string" ||
    typeof data.offset !== "number" ||
    !Number.isInteger(data.offset) ||
    data.offset < 0
  ) {
    return undefined;
  }
  return { kind: data.kind, executionId: data.executionId, offset: data.offset };
}

/** Where a `ListDurableExecutionsByFunction` page ends. */
export interface ListMarkerData {
  functionName: string;
  /** `sequence` of the last execution of the page. */
  sequence: number;
}

export function encodeListMarker(data: ListMarkerData): string {
  return encode({ kind: "executions", functionName: data.functionName, sequence: data.sequence });
}

export function decodeListMarker(marker: unknown): ListMarkerData | undefined {
  const data = decode(marker);
  if (
    data === undefined ||
    data.kind !== "executions" ||
    typeof data.functionName !== "string" ||
    typeof data.sequence !== "number" ||
    !Number.isInteger(data.sequence)
  ) {
    return undefined;
  }
  return { functionName: data.functionName, sequence: data.sequence };
}
