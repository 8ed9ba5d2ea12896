import { formatOffset } from "@durable-lambda/testing";
import { escapeHtml } from "../inspect/escape-html.js";
import {
  renderHistory,
  renderMetering,
  renderOperationTree,
  renderSummary,
  renderTimeline,
  statusBadge,
} from "../inspect/execution-sections.js";
import type { ExecutionSnapshot } from "../inspect/execution-snapshot.js";
import { buildExecutionTimeline, type OperationSpan } from "../inspect/execution-timeline.js";

/** One row of the executions list. */
export interface ExecutionListRow {
  executionArn: string;
  functionName: string;
  name: string;
  status: string;
  startedAt: Date;
  endedAt: Date | undefined;
}

/** The list's filters, from the query string. */
export interface ExecutionListFilter {
  functionName: string | undefined;
  status: string | undefined;
}

/** Execution statuses a user can filter by. */
export const EXECUTION_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"] as const;

/** Statuses from which an execution can be redriven. */
const REDRIVABLE_STATUSES: ReadonlySet<string> = new Set(["FAILED", "TIMED_OUT", "STOPPED"]);

/** A link to an execution's page. */
export function executionHref(executionArn: string): string {
  return `/executions?arn=${encodeURIComponent(executionArn)}`;
}

function options(values: readonly string[], selected: string | undefined, allLabel: string): string {
  return [`<option value="">${escapeHtml(allLabel)}</option>`]
    .concat(
      values.map(
        (value) =>
          `<option value="${escapeHtml(value)}"${value === selected ? " selected" : ""}>${escapeHtml(value)}</option>`,
      ),
    )
    .join("");
}

/**
 * The executions list (newest first, filtered) and the form that starts one.
 *
 * @example
 * ```ts
 * renderExecutionList(rows, { functionName: undefined, status: "RUNNING" }, ["orders"], Date.now());
 * ```
 */
export function renderExecutionList(
  rows: readonly ExecutionListRow[],
  filter: ExecutionListFilter,
  functionNames: readonly string[],
  now: number,
): string {
  const body = rows.map((row) => {
    const end = row.endedAt?.getTime() ?? now;
    return (
      `<tr data-execution-arn="${escapeHtml(row.executionArn)}" data-status="${escapeHtml(row.status)}">` +
      `<td>${escapeHtml(row.functionName)}</td><td><a href="${escapeHtml(executionHref(row.executionArn))}">${escapeHtml(row.name)}</a></td>` +
      `<td>${statusBadge(row.status)}</td><td class="mono">${escapeHtml(row.startedAt.toISOString())}</td>` +
      `<td>${formatOffset(end - row.startedAt.getTime()).slice(1)}</td></tr>`
    );
  });
  const empty = `<tr><td colspan="5" class="empty">no executions${filter.functionName || filter.status ? " match the filter" : " yet"}</td></tr>`;
  const functionOptions = functionNames
    .map((name) => `<option value="${escapeHtml(name)}">${escapeHtml(name)}</option>`)
    .join("");
  return [
    "<h1>Executions</h1>",
    '<form class="filters" method="get" action="/">',
    `<label>function <select name="function">${options(functionNames, filter.functionName, "all")}</select></label>`,
    `<label>status <select name="status">${options(EXECUTION_STATUSES, filter.status, "all")}</select></label>`,
    '<button type="submit">Filter</button></form>',
    `<section id="executions" data-live><table><thead><tr><th>function</th><th>name</th><th>status</th><th>started</th><th>duration</th></tr></thead>`,
    `<tbody>${rows.length === 0 ? empty : body.join("")}</tbody></table></section>`,
    '<section id="start"><h2>Start an execution</h2><form class="inline start-form">',
    `<label>function <select name="functionName">${functionOptions}</select></label>`,
    '<label>name <input type="text" name="executionName" placeholder="(a new UUID)"></label>',
    '<label>input <input type="text" name="input" value="{}" size="40"></label>',
    '<button type="button" class="primary" data-action="start">Start</button></form></section>',
  ].join("\n");
}

function callbackForm(operation: OperationSpan): string {
  const id = escapeHtml(operation.callbackId ?? "");
  const name = escapeHtml(operation.name ?? operation.id);
  return (
    `<form class="inline callback-form" data-callback-name="${name}"><strong>${name}</strong>` +
    `<input type="hidden" name="callbackId" value="${id}">` +
    '<input type="text" name="result" placeholder="result (sent as typed)" size="32">' +
    `<button type="button" class="primary" data-action="callback-succeed">Send success</button>` +
    `<button type="button" class="danger" data-action="callback-fail">Send failure</button>` +
    `<button type="button" data-action="callback-heartbeat">Heartbeat</button></form>`
  );
}

/**
 * The actions a developer needs on this execution: stop a running one, redrive an unsuccessful
 * one, answer each pending callback.
 */
function renderActions(snapshot: ExecutionSnapshot, pendingCallbacks: readonly OperationSpan[]): string {
  const status = snapshot.execution.Status ?? "";
  const arn = escapeHtml(snapshot.execution.DurableExecutionArn ?? "");
  const parts: string[] = [];
  if (status === "RUNNING") {
    parts.push(`<button type="button" class="danger" data-action="stop" data-arn="${arn}">Stop</button>`);
  }
  if (REDRIVABLE_STATUSES.has(status)) {
    parts.push(
      `<button type="button" class="primary" data-action="redrive" data-arn="${arn}">Redrive</button>`,
    );
  }
  if (status === "RUNNING") for (const callback of pendingCallbacks) parts.push(callbackForm(callback));
  const body =
    parts.length === 0
      ? `<p class="empty">nothing to do: the execution is ${escapeHtml(status)}</p>`
      : parts.join("\n");
  return `<section id="actions" data-live><h2>Actions</h2>${body}</section>`;
}

/**
 * An execution's page: actions, summary (with metering and redrive fields when known), the
 * timeline, the operation tree and the history.
 *
 * @example
 * ```ts
 * renderExecutionPage({ execution, history });
 * ```
 */
export function renderExecutionPage(snapshot: ExecutionSnapshot): string {
  const timeline = buildExecutionTimeline(snapshot.history, snapshot.observedAt);
  const pendingCallbacks = timeline.operations.filter(
    (operation) =>
      operation.type === "CALLBACK" && operation.status === "STARTED" && operation.callbackId !== undefined,
  );
  const live = (html: string) => html.replace(/^<section id="([\w-]+)"/, '<section id="$1" data-live');
  const chain = [
    ["redriven from", snapshot.details?.redrivenFrom],
    ["redriven to", snapshot.details?.redrivenTo],
  ].filter((link): link is [string, string] => typeof link[1] === "string" && link[1] !== "");
  const links = chain
    .map(
      ([label, arn]) =>
        `<a class="chain" href="${escapeHtml(executionHref(arn))}">${label} ${escapeHtml(arn.split("/")[2] ?? arn)}</a>`,
    )
    .join(" · ");
  return [
    `<h1>${escapeHtml(snapshot.execution.DurableExecutionName ?? "execution")}</h1>`,
    links === "" ? "" : `<p id="chain">${links}</p>`,
    renderActions(snapshot, pendingCallbacks),
    live(renderSummary(snapshot)),
    renderMetering(snapshot) === "" ? "" : live(renderMetering(snapshot)),
    live(renderTimeline(timeline)),
    live(renderOperationTree(timeline)),
    live(renderHistory(snapshot.history)),
  ].join("\n");
}
