import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LocalDurableService } from "@durable-lambda/testing";
import type { ExecutionSnapshot } from "../inspect/execution-snapshot.js";
import { functionNameOfExecution } from "./execution-driver.js";
import type { RequestGuard } from "./request-guard.js";
import { UiActionError, type UiActions } from "./ui-actions.js";
import { renderUiPage, uiContentSecurityPolicy } from "./ui-layout.js";
import {
  EXECUTION_STATUSES,
  type ExecutionListRow,
  renderExecutionList,
  renderExecutionPage,
} from "./ui-pages.js";

/** Largest JSON body a UI action may send. */
const MAX_ACTION_BODY_BYTES = 1024 * 1024;

/** What the UI routes need from the dev server. */
export interface UiContext {
  service: LocalDurableService;
  guard: RequestGuard;
  actions: UiActions;
  functionNames: () => readonly string[];
  /** What the execution page shows, read through the client (description, metering, history). */
  snapshot: (executionArn: string) => Promise<ExecutionSnapshot>;
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    ...headers,
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, "application/json; charset=utf-8", JSON.stringify(body));
}

/** Answers 403 with the reason. */
export function forbidden(response: ServerResponse, reason: string): void {
  sendJson(response, 403, { error: `Forbidden: ${reason}` });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_ACTION_BODY_BYTES) {
        reject(new UiActionError(`the request body is over ${MAX_ACTION_BODY_BYTES} bytes.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function listRows(
  service: LocalDurableService,
  functionName: string | undefined,
  status: string | undefined,
): ExecutionListRow[] {
  const rows: ExecutionListRow[] = [];
  for (const executionArn of service.listExecutionArns()) {
    const execution = service.describeExecution(executionArn);
    const rowFunction = functionNameOfExecution(executionArn) ?? "?";
    if (functionName !== undefined && rowFunction !== functionName) continue;
    if (status !== undefined && execution.Status !== status) continue;
    rows.push({
      executionArn,
      functionName: rowFunction,
      name: execution.DurableExecutionName ?? executionArn,
      status: String(execution.Status),
      startedAt: execution.StartTimestamp ?? new Date(0),
      endedAt: execution.EndTimestamp,
    });
  }
  return rows.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

function queryValue(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name);
  return value === null || value === "" ? undefined : value;
}

/**
 * Serves the web UI: `GET /` (executions), `GET /executions?arn=…` (one execution) and
 * `POST /ui/actions/<action>` (JSON, with the server's token). Resolves false for other paths.
 */
export async function handleUiRequest(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  context: UiContext,
): Promise<boolean> {
  const { service, guard, actions } = context;
  const page = (title: string, version: string, content: string) => {
    const nonce = randomBytes(16).toString("base64url");
    const frame = { title, token: guard.token, nonce, version, functionNames: context.functionNames() };
    send(response, 200, "text/html; charset=utf-8", renderUiPage(frame, content), {
      "content-security-policy": uiContentSecurityPolicy(nonce),
      "x-frame-options": "DENY",
    });
  };
  if (request.method === "GET" && url.pathname === "/") {
    const status = queryValue(url, "status");
    const functionName = queryValue(url, "function");
    const filter = {
      functionName,
      status:
        status !== undefined && (EXECUTION_STATUSES as readonly string[]).includes(status)
          ? status
          : undefined,
    };
    const rows = listRows(service, filter.functionName, filter.status);
    const version = rows.map((row) => `${row.executionArn}=${row.status}`).join(",");
    page(
      "Executions",
      version,
      renderExecutionList(rows, filter, context.functionNames(), service.clock.now()),
    );
    return true;
  }
  if (request.method === "GET" && url.pathname === "/executions") {
    const arn = queryValue(url, "arn");
    const known = arn !== undefined && service.listExecutionArns().includes(arn);
    if (!known) {
      send(
        response,
        404,
        "text/plain; charset=utf-8",
        `No execution ${arn ?? "(no arn given)"} on this server. Open / for the list.`,
      );
      return true;
    }
    const snapshot = await context.snapshot(arn);
    page(
      snapshot.execution.DurableExecutionName ?? arn,
      `${snapshot.execution.Status}:${snapshot.history.length}`,
      renderExecutionPage(snapshot),
    );
    return true;
  }
  if (url.pathname.startsWith("/ui/actions/")) {
    if (request.method !== "POST") {
      sendJson(response, 405, { error: "UI actions are POST requests." });
      return true;
    }
    const refused = guard.checkToken(request);
    if (refused !== undefined) {
      forbidden(response, refused);
      return true;
    }
    if (!String(request.headers["content-type"]).startsWith("application/json")) {
      sendJson(response, 415, { error: "UI actions take a JSON body (content-type: application/json)." });
      return true;
    }
    try {
      const body = JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>;
      const answer = await actions.perform(url.pathname.slice("/ui/actions/".length), body);
      sendJson(response, 200, answer);
    } catch (error) {
      const status = error instanceof UiActionError || error instanceof SyntaxError ? 400 : 409;
      sendJson(response, status, {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    return true;
  }
  return false;
}
