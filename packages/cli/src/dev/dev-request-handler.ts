import type { IncomingMessage, ServerResponse } from "node:http";
import { forwardToService, isLambdaApiPath } from "./api-forwarder.js";
import { forbidden, handleUiRequest, type UiContext } from "./ui-routes.js";

/** What the dev server's requests are answered with. */
export interface DevRequestContext extends UiContext {
  /** Port of the local durable service's own HTTP server (loopback). */
  servicePort: number;
  log: (line: string) => void;
}

/**
 * Answers one request to the dev server: the request checks first (Host, Origin), then the Lambda
 * API (signed requests, passed on to the local durable service), then the web UI.
 *
 * @example
 * ```ts
 * createServer((request, response) => void handleDevRequest(request, response, context));
 * ```
 */
export async function handleDevRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: DevRequestContext,
): Promise<void> {
  try {
    const refused = context.guard.checkHostAndOrigin(request);
    if (refused !== undefined) return forbidden(response, refused);
    const url = new URL(request.url ?? "/", "http://dev.invalid");
    if (isLambdaApiPath(url.pathname)) {
      const unsigned = context.guard.checkApiSignature(request);
      if (unsigned !== undefined) return forbidden(response, unsigned);
      return forwardToService(request, response, context.servicePort);
    }
    if (!(await handleUiRequest(request, response, url, context))) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end(`Nothing at ${url.pathname}. The web UI is at /.`);
    }
  } catch (error) {
    context.log(
      `request ${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    if (!response.headersSent) response.writeHead(500);
    response.end();
  }
}
