import { createHash, createHmac } from "node:crypto";
import type { LeanCredentials } from "./lean-transport-settings.js";

/** What Signature Version 4 signs: the request line, some headers and the body. */
export interface SignableRequest {
  readonly method: string;
  /** The path as sent, each segment already percent-encoded, without the query. */
  readonly path: string;
  /** Query parameters, unencoded; sent and signed RFC 3986-encoded, sorted by name. */
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

const ALGORITHM = "AWS4-HMAC-SHA256" as const;
const TERMINATOR = "aws4_request" as const;

/** RFC 3986 percent-encoding (what `encodeURIComponent` leaves out: `!'()*`), as SigV4 requires. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The query string as sent and as signed: encoded names and values, sorted by name then value. */
export function canonicalQuery(query: SignableRequest["query"]): string {
  return query
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** Code-unit order, as SigV4 sorts: by name first, so "a" comes before "a0" whatever the values. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** `20261206T031600Z` and `20261206`. */
function timestamps(now: Date): { amzDate: string; dateStamp: string } {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return { amzDate, dateStamp: amzDate.slice(0, 8) };
}

/**
 * Signs a request with AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv_create-signed-request.html)
 * for a service other than S3: path segments encoded once more for the canonical request, the
 * query sorted, every given header signed, the body hashed. Returns the headers to add:
 * `x-amz-date`, `x-amz-security-token` (with session credentials) and `authorization`.
 *
 * @example
 * ```ts
 * const added = signRequest(request, credentials, { region: "eu-west-1", service: "lambda" });
 * ```
 */
export function signRequest(
  request: SignableRequest,
  credentials: LeanCredentials,
  scope: SigningScope,
  now: Date = new Date(),
): Record<string, string> {
  const { amzDate, dateStamp } = timestamps(now);
  const added: Record<string, string> = { "x-amz-date": amzDate };
  if (credentials.sessionToken !== undefined) added["x-amz-security-token"] = credentials.sessionToken;
  const headers = { ...request.headers, ...added };
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  const lookup = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const canonicalHeaders = names
    .map((name) => `${name}:${String(lookup.get(name)).trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const signedHeaders = names.join(";");
  const canonicalPath = request.path
    .split("/")
    .map((segment) => encodeRfc3986(segment))
    .join("/");
  const canonicalRequest = [
    request.method,
    canonicalPath,
    canonicalQuery(request.query),
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join("\n");
  const credentialScope = `${dateStamp}/${scope.region}/${scope.service}/${TERMINATOR}`;
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, dateStamp), scope.region), scope.service),
    TERMINATOR,
  );
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  added.authorization =
    `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return added;
}
