import { escapeHtml } from "../inspect/escape-html.js";
import { PAGE_STYLES } from "../inspect/page-styles.js";
import { UI_SCRIPT } from "./ui-script.js";

/** What every UI page carries besides its content. */
export interface PageFrame {
  title: string;
  /** The server's token for mutating requests (in a meta tag; never in a URL). */
  token: string;
  /** The nonce that lets the inline script run under the page's Content-Security-Policy. */
  nonce: string;
  /** Changes whenever what the page shows changes; the script refreshes when it does. */
  version: string;
  /** Names of the registered functions, shown in the header. */
  functionNames: readonly string[];
}

/**
 * The Content-Security-Policy of UI pages: nothing from anywhere but this server, the inline
 * script only with the page's nonce, no framing.
 *
 * @example
 * ```ts
 * response.setHeader("content-security-policy", uiContentSecurityPolicy(nonce));
 * ```
 */
export function uiContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/**
 * Wraps page content in the UI's document: styles, header, message area and script.
 *
 * @example
 * ```ts
 * const html = renderUiPage(frame, "<section>…</section>");
 * ```
 */
export function renderUiPage(frame: PageFrame, content: string): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="durable-lambda-token" content="${escapeHtml(frame.token)}">`,
    `<title>${escapeHtml(frame.title)} · durable-lambda dev</title><style>${PAGE_STYLES}</style></head><body>`,
    '<header><a href="/">durable-lambda dev</a>',
    `<span class="hint">functions: ${escapeHtml(frame.functionNames.join(", ") || "none")}</span></header>`,
    `<main data-version="${escapeHtml(frame.version)}"><div id="message" class="message" hidden></div>`,
    content,
    "</main>",
    `<script nonce="${escapeHtml(frame.nonce)}">${UI_SCRIPT}</script>`,
    "</body></html>",
  ].join("\n");
}
