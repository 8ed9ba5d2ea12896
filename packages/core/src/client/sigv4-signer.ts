import aws4 from "aws4";
import type { LeanCredentials } from "./lean-transport-settings.js";

/** What Signature Version 4 signs: the request line, some headers and the body. */
export interface SignableRequest {
  readonly method: string;
  /** The path as sent, each segment already percent-encoded, without the query. */
  readonly path: string;
  /** Query parameters, unencoded. */
  readonly query: readonly (readonly [string, string])[];
  /** Headers to sign and send, lower-case names; `host` included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Where the signature is valid. */
export interface SigningScope {
  readonly region: string;
  readonly service: string;
}

/** A signed request, ready to send. */
export interface SignedRequest {
  /** The path with its query string, encoded as signed. */
  readonly path: string;
  /** Every header to send, lower-case names: the given ones plus `x-amz-date`, `x-amz-security-token` (with session credentials) and `authorization`. */
  readonly headers: Record<string, string>;
}

/** RFC 3986 percent-encoding (what `encodeURIComponent` leaves out: `!'()*`), as SigV4 requires. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `20261206T031600Z`: the signing time as SigV4 states it in `x-amz-date`. */
function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]|\.\d{3}/g, "");
}

/**
 * Signs a request with AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv_create-signed-request.html)
 * through the `aws4` library, for a service other than S3: every given header signed, the body
 * hashed, the signature in an `authorization` header.
 *
 * @example
 * ```ts
 * const { path, headers } = signRequest(request, credentials, { region: "eu-west-1", service: "lambda" });
 * ```
 */
export function signRequest(
  request: SignableRequest,
  credentials: LeanCredentials,
  scope: SigningScope,
  now: Date = new Date(),
): SignedRequest {
  const query = request.query.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`);
  const signed = aws4.sign(
    {
      method: request.method,
      path: query.length === 0 ? request.path : `${request.path}?${query.join("&")}`,
      headers: { ...request.headers, "x-amz-date": amzDate(now) },
      body: request.body,
      service: scope.service,
      region: scope.region,
    },
    credentials,
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  return { path: signed.path ?? request.path, headers };
}
