import type { Event } from "@aws-sdk/client-lambda";
import { formatOffset } from "@durable-lambda/testing";
import { escapeHtml } from "./escape-html.js";
import type { ExecutionSnapshot, FieldValue } from "./execution-snapshot.js";
import type { ExecutionTimeline, OperationSpan } from "./execution-timeline.js";
import { renderTimelineSvg } from "./timeline-svg.js";

/** A status as a coloured badge. */
export function statusBadge(status: string | undefined): string {
  const text = status ?? "UNKNOWN";
  return `<span class="status status-${escapeHtml(text)}">${escapeHtml(text)}</span>`;
}

/** JSON text pretty-printed when it parses, shown as it is otherwise. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A payload in a collapsible block (open when short). */
export function payloadBlock(label: string, payload: unknown, openWhenShort = true): string {
  if (payload === undefined || payload === null || payload === "") return "";
  const text = typeof payload === "string" ? prettyJson(payload) : JSON.stringify(payload, null, 2);
  const open = openWhenShort && text.length <= 400 ? " open" : "";
  return `<details${open}><summary>${escapeHtml(label)}</summary><pre>${escapeHtml(text)}</pre></details>`;
}

function fieldValue(value: FieldValue): string {
  if (value === undefined || value === null || value === "") return '<span class="empty">-</span>';
  if (value instanceof Date) return escapeHtml(value.toISOString());
  return escapeHtml(String(value));
}

/** A two-column table of labelled values. */
export function fieldsTable(fields: Readonly<Record<string, FieldValue>>, className = "fields"): string {
  const rows = Object.entries(fields).map(
    ([label, value]) => `<tr><th>${escapeHtml(label)}</th><td class="mono">${fieldValue(value)}</td></tr>`,
  );
  return `<table class="${className}">${rows.join("")}</table>`;
}

function durationText(start: Date | undefined, end: Date | undefined): string | undefined {
  if (start === undefined || end === undefined) return undefined;
  return formatOffset(end.getTime() - start.getTime()).slice(1);
}

/** Summary of the execution: identity, status, times, input, result or error, and extra details. */
export function renderSummary(snapshot: ExecutionSnapshot): string {
  const execution = snapshot.execution;
  const fields: Record<string, FieldValue> = {
    name: execution.DurableExecutionName,
    executionArn: execution.DurableExecutionArn,
    function: execution.FunctionArn,
    status: execution.Status,
    startDate: execution.StartTimestamp,
    stopDate: execution.EndTimestamp,
    duration: durationText(execution.StartTimestamp, execution.EndTimestamp),
    ...snapshot.details,
  };
  return (
    `<section id="summary"><h2>Summary ${statusBadge(execution.Status)}</h2>${fieldsTable(fields)}` +
    payloadBlock("input", execution.InputPayload) +
    payloadBlock("result", execution.Result) +
    payloadBlock("error", execution.Error) +
    "</section>"
  );
}

/** The metering table, or nothing when the cost is not known. */
export function renderMetering(snapshot: ExecutionSnapshot): string {
  if (snapshot.metering === undefined) return "";
  return `<section id="metering"><h2>Metering</h2>${fieldsTable(snapshot.metering)}</section>`;
}

/** The Gantt chart with its legend. */
export function renderTimeline(timeline: ExecutionTimeline): string {
  const legend = [
    ["#3b6fd8", "invocation"],
    ["#2e9e5b", "attempt succeeded"],
    ["#d64545", "attempt failed"],
    ["#e0a526", "running"],
    ["#8c97a8", "wait"],
    ["#8a5cc7", "callback"],
    ["#1c9aa0", "chained invoke"],
    ["#34404f", "child context"],
  ]
    .map(([colour, label]) => `<span><i style="background:${colour}"></i>${label}</span>`)
    .join("");
  return (
    `<section id="timeline"><h2>Timeline</h2><div class="legend">${legend}<span>time axis compressed: long gaps are shortened, ticks show real offsets</span></div>` +
    `${renderTimelineSvg(timeline)}</section>`
  );
}

function operationRow(operation: OperationSpan, origin: number): string {
  const took =
    operation.endedAt === undefined
      ? undefined
      : formatOffset(operation.endedAt - operation.startedAt).slice(1);
  const extra = [
    operation.callbackId === undefined
      ? ""
      : `<div>callback id <code class="mono callback-id">${escapeHtml(operation.callbackId)}</code></div>`,
    operation.scheduledEndAt === undefined
      ? ""
      : `<div>due ${formatOffset(operation.scheduledEndAt - origin)}</div>`,
    payloadBlock("result", operation.result),
    payloadBlock("error", operation.error),
  ].join("");
  return (
    `<tr data-operation-id="${escapeHtml(operation.id)}" data-operation-name="${escapeHtml(operation.name ?? "")}">` +
    `<td><span class="indent" style="width:${operation.depth * 18}px"></span>${escapeHtml(operation.name ?? "(unnamed)")}</td>` +
    `<td>${escapeHtml(operation.subType ?? operation.type)}</td><td>${statusBadge(operation.status)}</td>` +
    `<td>${operation.type === "STEP" ? operation.attempts.length : "-"}</td>` +
    `<td>${formatOffset(operation.startedAt - origin)}</td><td>${took ?? "-"}</td>` +
    `<td class="mono">${escapeHtml(operation.id)}</td><td>${extra}</td></tr>`
  );
}

/** The operation tree: one row per operation, indented under its parent context. */
export function renderOperationTree(timeline: ExecutionTimeline): string {
  const children = new Map<string | undefined, OperationSpan[]>();
  const ids = new Set(timeline.operations.map((operation) => operation.id));
  for (const operation of timeline.operations) {
    const parent =
      operation.parentId !== undefined && ids.has(operation.parentId) ? operation.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), operation]);
  }
  const rows: string[] = [];
  const visit = (parentId: string | undefined) => {
    for (const operation of children.get(parentId) ?? []) {
      rows.push(operationRow(operation, timeline.startedAt));
      visit(operation.id);
    }
  };
  visit(undefined);
  const body =
    rows.length === 0 ? '<tr><td colspan="8" class="empty">no operations yet</td></tr>' : rows.join("");
  return (
    '<section id="operations"><h2>Operations</h2><table><tr><th>name</th><th>type</th><th>status</th><th>attempts</th>' +
    `<th>started</th><th>took</th><th>id</th><th>details</th></tr>${body}</table></section>`
  );
}

/** Every history event with its details (payloads included). */
export function renderHistory(history: readonly Event[]): string {
  const origin = history[0]?.EventTimestamp?.getTime() ?? 0;
  const rows = history.map((event) => {
    const details = Object.fromEntries(Object.entries(event).filter(([key]) => key.endsWith("Details")));
    const detailsHtml = Object.keys(details).length === 0 ? "" : payloadBlock("details", details, false);
    return (
      `<tr><td>${escapeHtml(String(event.EventId ?? "-"))}</td><td class="mono">${escapeHtml(event.EventTimestamp?.toISOString() ?? "-")}` +
      ` (${formatOffset((event.EventTimestamp?.getTime() ?? origin) - origin)})</td><td>${escapeHtml(String(event.EventType))}</td>` +
      `<td>${escapeHtml(event.Name ?? "")}</td><td>${detailsHtml}</td></tr>`
    );
  });
  return (
    `<section id="history"><h2>History (${history.length} events)</h2><table><tr><th>id</th><th>timestamp</th><th>event</th><th>name</th><th>details</th></tr>` +
    `${rows.join("")}</table></section>`
  );
}
