/** Abandon a connection attempt after 5 s: the service is in-region, a slow connect means trouble. */
export const CONNECTION_TIMEOUT_MS = 5_000 as const;
/**
 * Abandon a request after 55 s, safely inside Lambda's 15-minute limit yet long enough for a
 * large checkpoint; the invocation is then retried instead of hanging until the function times out.
 */
export const REQUEST_TIMEOUT_MS = 55_000 as const;
/** Close a socket idle for 50 s, below the request timeout so a stalled socket is noticed first. */
export const SOCKET_TIMEOUT_MS = 50_000 as const;
/** The product name sent in the User-Agent of the default transport. */
export const USER_AGENT_NAME = "durable-lambda" as const;
