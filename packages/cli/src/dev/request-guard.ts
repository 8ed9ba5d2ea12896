import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { hostname, networkInterfaces } from "node:os";

/** The header the web UI sends its token in. */
export const TOKEN_HEADER = "x-durable-lambda-token";

/** Host names that all mean this machine's loopback interface. */
const LOOPBACK_NAMES: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/** Bind addresses that listen on every interface. */
const WILDCARD_ADDRESSES: readonly string[] = ["0.0.0.0", "[::]"];

/** A host as it appears in a `Host` header: IPv6 addresses in brackets. */
function asHostName(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host.toLowerCase();
}

/**
 * The names a client may use to reach a server bound to `host`: the loopback names for a loopback
 * address; for an address that listens on every interface, those plus each interface's address and
 * the machine's host name; otherwise the address itself.
 */
function namesServing(host: string): string[] {
  if (LOOPBACK_NAMES.includes(host)) return [...LOOPBACK_NAMES];
  if (!WILDCARD_ADDRESSES.includes(host)) return [host];
  const interfaceAddresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((address) => (address === undefined ? [] : [asHostName(address.address)]));
  return [...new Set([host, ...LOOPBACK_NAMES, ...interfaceAddresses, asHostName(hostname())])];
}

/**
 * Creates the per-server secret mutating UI requests must carry: it is written into the pages the
 * server serves and nowhere else (never in a URL, never logged).
 *
 * @example
 * ```ts
 * const guard = new RequestGuard({ host: "127.0.0.1", port: 9014, token: createServerToken() });
 * ```
 */
export function createServerToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Why a request was refused, for the 403 body. */
export type RefusalReason = string;

/**
 * The dev server's request checks:
 * - the `Host` header must name the address the server listens on (a DNS-rebinding page gets 403);
 *   a server bound to every interface (`0.0.0.0`, `::`) answers to each interface's address and the
 *   machine's host name;
 * - a request carrying an `Origin` must come from the server's own origin (other sites get 403);
 * - a mutating UI request must carry the server's token in {@link TOKEN_HEADER};
 * - a mutating Lambda API request must be signed (an `Authorization` header, as every AWS SDK
 *   sends): browsers cannot add one cross-site without a CORS preflight, which the server never
 *   grants.
 *
 * @example
 * ```ts
 * const refused = guard.checkHost(request);
 * if (refused !== undefined) return forbidden(response, refused);
 * ```
 */
export class RequestGuard {
  readonly #allowedHosts: ReadonlySet<string>;
  readonly #allowedOrigins: ReadonlySet<string>;
  readonly #token: string;
  readonly #listenAddress: string;

  constructor(options: { host: string; port: number; token: string }) {
    const names = namesServing(asHostName(options.host));
    this.#allowedHosts = new Set(names.map((name) => `${name}:${options.port}`));
    this.#allowedOrigins = new Set([...this.#allowedHosts].map((authority) => `http://${authority}`));
    this.#token = options.token;
    this.#listenAddress = `${asHostName(options.host)}:${options.port}`;
  }

  /** The token pages embed. */
  get token(): string {
    return this.#token;
  }

  /** Refuses a request whose Host is not this server's address, or whose Origin is another site. */
  checkHostAndOrigin(request: IncomingMessage): RefusalReason | undefined {
    const host = request.headers.host?.toLowerCase();
    if (host === undefined || !this.#allowedHosts.has(host)) {
      return `Host ${JSON.stringify(request.headers.host ?? "")} is not this server's address (it listens on ${this.#listenAddress}); use that address, or a name of this machine.`;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !this.#allowedOrigins.has(origin.toLowerCase())) {
      return `requests from ${origin} are not accepted; use the UI this server serves.`;
    }
    return undefined;
  }

  /** Refuses a mutating UI request without the server's token. */
  checkToken(request: IncomingMessage): RefusalReason | undefined {
    const sent = request.headers[TOKEN_HEADER];
    return sent === this.#token
      ? undefined
      : "the request does not carry this server's token; reload the page.";
  }

  /** Refuses a mutating Lambda API request that is not signed the way AWS SDKs sign. */
  checkApiSignature(request: IncomingMessage): RefusalReason | undefined {
    if (request.method === "GET" || request.method === "HEAD") return undefined;
    return request.headers.authorization === undefined
      ? "Lambda API requests must be signed (send them with an AWS SDK or the AWS CLI)."
      : undefined;
  }
}
