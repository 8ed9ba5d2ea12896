import { escapeHtml } from "./escape-html.js";
import {
  renderHistory,
  renderMetering,
  renderOperationTree,
  renderSummary,
  renderTimeline,
} from "./execution-sections.js";
import type { ExecutionSnapshot } from "./execution-snapshot.js";
import { buildExecutionTimeline } from "./execution-timeline.js";
import { PAGE_STYLES } from "./page-styles.js";

/**
 * Renders one execution as a self-contained HTML document: summary and metering, a Gantt
 * timeline (SVG), the operation tree and every history event with its payload. It loads nothing
 * (no scripts, stylesheets, fonts or images from anywhere), so it can be mailed or archived.
 *
 * @example
 * ```ts
 * writeFileSync("execution.html", renderInspectorHtml({ execution, history }));
 * ```
 */
export function renderInspectorHtml(snapshot: ExecutionSnapshot): string {
  const timeline = buildExecutionTimeline(snapshot.history, snapshot.observedAt);
  const title =
    snapshot.execution.DurableExecutionName ?? snapshot.execution.DurableExecutionArn ?? "execution";
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
    `<title>${escapeHtml(title)} · durable execution</title><style>${PAGE_STYLES}</style></head><body>`,
    `<header><span>durable-lambda inspect</span><span class="hint">generated ${escapeHtml(new Date().toISOString())}</span></header>`,
    `<main><h1>${escapeHtml(title)}</h1>`,
    renderSummary(snapshot),
    renderMetering(snapshot),
    renderTimeline(timeline),
    renderOperationTree(timeline),
    renderHistory(snapshot.history),
    "</main></body></html>",
  ].join("\n");
}
