import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";

/** Paths of the Lambda API (`/2015-03-31/functions/…`, `/2025-12-01/durable-executions/…`, …). */
const LAMBDA_API_PATH = /^\/\d{4}-\d{2}-\d{2}\//;

/**
 * True for a Lambda API path.
 *
 * @example
 * ```ts
 * isLambdaApiPath("/2025-12-01/durable-executions/abc"); // true
 * ```
 */
export function isLambdaApiPath(pathname: string): boolean {
  return LAMBDA_API_PATH.test(pathname);
}

/**
 * Passes a Lambda API request on to the local durable service's HTTP server (listening on a
 * private loopback port) and streams its answer back unchanged.
 *
 * @example
 * ```ts
 * forwardToService(request, response, apiServer.port);
 * ```
 */
export function forwardToService(
  request: IncomingMessage,
  response: ServerResponse,
  servicePort: number,
): void {
  const upstream = httpRequest(
    {
      host: "127.0.0.1",
      port: servicePort,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, host: `127.0.0.1:${servicePort}` },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on("error", (error) => {
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    response.writeHead(502, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        Type: "ServiceException",
        message: `The local durable service failed: ${error.message}`,
      }),
    );
  });
  request.pipe(upstream);
}
