import { formatOffset } from "@durable-lambda/testing";
import { escapeHtml } from "./escape-html.js";
import type { AttemptSpan, ExecutionTimeline, OperationSpan } from "./execution-timeline.js";

/** Geometry of the Gantt chart, in SVG user units. */
const Layout = {
  width: 1100,
  labelWidth: 300,
  rightMargin: 48,
  rowHeight: 24,
  barHeight: 14,
  axisHeight: 28,
  indentPerLevel: 14,
  minimumBarWidth: 3,
} as const;

/** Colours of bars by what they show. */
const Colour = {
  invocation: "#3b6fd8",
  SUCCEEDED: "#2e9e5b",
  FAILED: "#d64545",
  RUNNING: "#e0a526",
  TIMED_OUT: "#b5651d",
  STOPPED: "#7a7a7a",
  CANCELLED: "#9a9a9a",
  wait: "#8c97a8",
  callback: "#8a5cc7",
  context: "#34404f",
  chainedInvoke: "#1c9aa0",
} as const;

/** A tick label: seconds with milliseconds for short executions, `+1h00m05s` otherwise. */
function tickLabel(offsetMs: number, totalMs: number): string {
  return totalMs < 60_000 ? `+${(offsetMs / 1000).toFixed(3)}s` : formatOffset(offsetMs);
}

/**
 * Maps times to x positions on a compressed axis: every distinct time gets a position, and the
 * distance between neighbours grows with the logarithm of the gap, so millisecond steps and hour
 * long waits are both visible, in order.
 */
function compressedScale(times: readonly number[], x0: number, x1: number): (time: number) => number {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const positions = [0];
  for (let index = 1; index < sorted.length; index += 1) {
    const gap = (sorted[index] as number) - (sorted[index - 1] as number);
    positions.push((positions[index - 1] as number) + Math.log2(1 + gap));
  }
  const total = positions.at(-1) ?? 0;
  const unit = total === 0 ? 0 : (x1 - x0) / total;
  return (time) => {
    let low = 0;
    let high = sorted.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((sorted[middle] as number) <= time) low = middle;
      else high = middle - 1;
    }
    return x0 + (positions[low] ?? 0) * unit;
  };
}

function collectTimes(timeline: ExecutionTimeline): number[] {
  const times = [timeline.startedAt, timeline.endedAt];
  for (const invocation of timeline.invocations) times.push(invocation.startedAt, invocation.endedAt);
  for (const operation of timeline.operations) {
    times.push(operation.startedAt);
    if (operation.endedAt !== undefined) times.push(operation.endedAt);
    if (operation.scheduledEndAt !== undefined) times.push(operation.scheduledEndAt);
    for (const attempt of operation.attempts) {
      times.push(attempt.startedAt);
      if (attempt.endedAt !== undefined) times.push(attempt.endedAt);
    }
  }
  return times;
}

function bar(
  x: (time: number) => number,
  from: number,
  to: number,
  y: number,
  fill: string,
  title: string,
  extra = "",
): string {
  const left = x(from);
  const width = Math.max(Layout.minimumBarWidth, x(to) - left);
  return (
    `<rect x="${left.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${Layout.barHeight}" rx="2" fill="${fill}"${extra}>` +
    `<title>${escapeHtml(title)}</title></rect>`
  );
}

function attemptTitle(
  operation: OperationSpan,
  attempt: AttemptSpan,
  index: number,
  origin: number,
  end: number,
): string {
  const until = attempt.endedAt ?? end;
  return `${operation.name ?? operation.id} attempt ${index + 1}: ${attempt.outcome} ${formatOffset(attempt.startedAt - origin)} → ${formatOffset(until - origin)}`;
}

function operationBars(
  operation: OperationSpan,
  x: (time: number) => number,
  y: number,
  timeline: ExecutionTimeline,
): string {
  const origin = timeline.startedAt;
  const end = operation.endedAt ?? timeline.endedAt;
  const label = `${operation.name ?? operation.id} (${operation.subType ?? operation.type}): ${operation.status}`;
  const span = `${formatOffset(operation.startedAt - origin)} → ${formatOffset(end - origin)}`;
  switch (operation.type) {
    case "WAIT": {
      const due = operation.endedAt ?? operation.scheduledEndAt ?? end;
      const dashed =
        operation.endedAt === undefined
          ? ` stroke="${Colour.wait}" stroke-dasharray="4 2" fill-opacity="0.35"`
          : "";
      return bar(x, operation.startedAt, due, y, Colour.wait, `${label} ${span}`, ` class="wait"${dashed}`);
    }
    case "CALLBACK":
      return bar(x, operation.startedAt, end, y, Colour.callback, `${label} ${span}`, ' class="callback"');
    case "CHAINED_INVOKE":
      return bar(x, operation.startedAt, end, y, Colour.chainedInvoke, `${label} ${span}`, ' class="invoke"');
    case "CONTEXT": {
      const left = x(operation.startedAt);
      const right = Math.max(left + Layout.minimumBarWidth, x(end));
      const middle = y + Layout.barHeight / 2;
      return (
        `<g class="context"><title>${escapeHtml(`${label} ${span}`)}</title>` +
        `<line x1="${left.toFixed(1)}" y1="${middle}" x2="${right.toFixed(1)}" y2="${middle}" stroke="${Colour.context}" stroke-width="3"/>` +
        `<line x1="${left.toFixed(1)}" y1="${y + 2}" x2="${left.toFixed(1)}" y2="${y + Layout.barHeight - 2}" stroke="${Colour.context}" stroke-width="2"/>` +
        `<line x1="${right.toFixed(1)}" y1="${y + 2}" x2="${right.toFixed(1)}" y2="${y + Layout.barHeight - 2}" stroke="${Colour.context}" stroke-width="2"/></g>`
      );
    }
    default: {
      const parts: string[] = [];
      operation.attempts.forEach((attempt, index) => {
        const previous = operation.attempts[index - 1];
        if (previous?.endedAt !== undefined) {
          const middle = y + Layout.barHeight / 2;
          parts.push(
            `<line class="retry-delay" x1="${x(previous.endedAt).toFixed(1)}" y1="${middle}" x2="${x(attempt.startedAt).toFixed(1)}" y2="${middle}" stroke="#999" stroke-dasharray="3 3"/>`,
          );
        }
        parts.push(
          bar(
            x,
            attempt.startedAt,
            attempt.endedAt ?? end,
            y,
            Colour[attempt.outcome],
            attemptTitle(operation, attempt, index, origin, end),
            ` class="attempt ${attempt.outcome.toLowerCase()}"`,
          ),
        );
      });
      return parts.join("");
    }
  }
}

/**
 * Draws an execution as an SVG Gantt chart: one row for the invocations, then one row per
 * operation (indented by nesting) with its step attempts, retry delays, waits, callbacks, chained
 * invokes and child contexts. The time axis is compressed (gaps on a log scale) and labelled with
 * real offsets from the start. Every bar has a tooltip. Self-contained: no scripts, no fonts.
 *
 * @example
 * ```ts
 * const svg = renderTimelineSvg(buildExecutionTimeline(history));
 * ```
 */
export function renderTimelineSvg(timeline: ExecutionTimeline): string {
  const x0 = Layout.labelWidth;
  const x1 = Layout.width - Layout.rightMargin;
  const x = compressedScale(collectTimes(timeline), x0, x1);
  const rows = 1 + timeline.operations.length;
  const height = Layout.axisHeight + rows * Layout.rowHeight + 8;
  const parts: string[] = [];
  const rowY = (row: number) => Layout.axisHeight + row * Layout.rowHeight;
  const labelY = (row: number) => rowY(row) + Layout.barHeight - 2;
  const origin = timeline.startedAt;

  // Axis: a tick at the start of each invocation and at the end, with the real offset.
  const ticks = [
    ...new Set([origin, ...timeline.invocations.map((invocation) => invocation.startedAt), timeline.endedAt]),
  ];
  let lastLabelX = Number.NEGATIVE_INFINITY;
  for (const tick of ticks) {
    const tickX = x(tick);
    parts.push(
      `<line x1="${tickX.toFixed(1)}" y1="${Layout.axisHeight - 6}" x2="${tickX.toFixed(1)}" y2="${height}" stroke="#e3e6ea"/>`,
    );
    if (tickX - lastLabelX >= 64) {
      parts.push(
        `<text x="${tickX.toFixed(1)}" y="14" class="tick">${tickLabel(tick - origin, timeline.endedAt - origin)}</text>`,
      );
      lastLabelX = tickX;
    }
  }

  parts.push(`<text x="4" y="${labelY(0)}" class="label invocations">invocations</text>`);
  timeline.invocations.forEach((invocation, index) => {
    const title = `invocation ${index + 1}${invocation.error === undefined ? "" : ` (Lambda error ${invocation.error.ErrorType ?? ""})`}: ${formatOffset(invocation.startedAt - origin)} → ${formatOffset(invocation.endedAt - origin)}`;
    parts.push(
      bar(
        x,
        invocation.startedAt,
        invocation.endedAt,
        rowY(0),
        invocation.error === undefined ? Colour.invocation : Colour.FAILED,
        title,
        ' class="invocation"',
      ),
    );
  });

  timeline.operations.forEach((operation, index) => {
    const row = index + 1;
    const indent = 4 + operation.depth * Layout.indentPerLevel;
    const name = operation.name ?? operation.id;
    parts.push(
      `<text x="${indent}" y="${labelY(row)}" class="label" data-operation-id="${escapeHtml(operation.id)}">${escapeHtml(name.length > 30 ? `${name.slice(0, 29)}…` : name)}<tspan class="kind"> ${escapeHtml(operation.subType ?? operation.type)}</tspan></text>`,
    );
    parts.push(
      `<g class="row" data-status="${escapeHtml(operation.status)}">${operationBars(operation, x, rowY(row), timeline)}</g>`,
    );
  });

  return (
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Layout.width} ${height}" width="${Layout.width}" height="${height}" role="img" aria-label="Timeline of the execution">` +
    "<style>.tick{font:11px sans-serif;fill:#5b6570;text-anchor:middle}.label{font:12px sans-serif;fill:#1f2933}.kind{fill:#8794a1;font-size:10px}</style>" +
    parts.join("") +
    "</svg>"
  );
}
