/** What the lean transport needs from the environment to reach the durable execution API itself. */
export interface LeanTransportSettings {
  /** The region requests are signed for. */
  readonly region: string;
  /** Base URL of the Lambda API, without a trailing slash. */
  readonly endpoint: URL;
  /** Signing credentials, read when each request is signed. */
  readonly credentials: () => LeanCredentials | undefined;
}

/** Static credentials, as Lambda hands them to a function in its environment. */
export interface LeanCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** DNS suffix of the Lambda endpoint per partition, by region prefix; other partitions use the AWS SDK. */
const PARTITION_SUFFIXES = [
  { prefix: "cn-", suffix: "amazonaws.com.cn" },
  { prefix: "us-gov-", suffix: "amazonaws.com" },
] as const;
const STANDARD_SUFFIX = "amazonaws.com" as const;
/** Regions of the standard partition: two letters, a dash, a direction, a dash, a digit. */
const STANDARD_REGION = /^[a-z]{2}-[a-z]+-\d+$/;
/** Settings only the AWS SDK resolves (FIPS and dual-stack endpoints). */
const SDK_ONLY_VARIABLES = ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"] as const;

function credentialsFrom(env: Environment): LeanCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

function defaultEndpoint(region: string): URL | undefined {
  const partition = PARTITION_SUFFIXES.find(({ prefix }) => region.startsWith(prefix));
  if (partition === undefined && !STANDARD_REGION.test(region)) return undefined;
  return new URL(`https://lambda.${region}.${partition?.suffix ?? STANDARD_SUFFIX}`);
}

function configuredEndpoint(env: Environment): URL | undefined | null {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true") return undefined;
  const configured = env.AWS_ENDPOINT_URL_LAMBDA || env.AWS_ENDPOINT_URL;
  if (!configured) return undefined;
  try {
    return new URL(configured);
  } catch {
    return null; // malformed: the AWS SDK reports it in its own words
  }
}

/**
 * Reads the environment the way Lambda sets it up for a function (`AWS_REGION`, the execution
 * role's `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, optionally
 * `AWS_ENDPOINT_URL_LAMBDA` or `AWS_ENDPOINT_URL`). Returns `undefined` when anything is missing
 * or needs the AWS SDK's resolution (no credentials in the environment, no region, FIPS or
 * dual-stack endpoints, a partition without a public endpoint pattern): the default transport then
 * uses `@aws-sdk/client-lambda` and its credential chain.
 *
 * @example
 * ```ts
 * const settings = leanTransportSettings(process.env); // undefined outside Lambda without credentials
 * ```
 */
export function leanTransportSettings(env: Environment = process.env): LeanTransportSettings | undefined {
  if (credentialsFrom(env) === undefined) return undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) return undefined;
  if (SDK_ONLY_VARIABLES.some((name) => env[name] === "true")) return undefined;
  const configured = configuredEndpoint(env);
  if (configured === null) return undefined;
  const endpoint = configured ?? defaultEndpoint(region);
  if (endpoint === undefined || (endpoint.protocol !== "https:" && endpoint.protocol !== "http:")) {
    return undefined;
  }
  return { region, endpoint, credentials: () => credentialsFrom(env) };
}
