import { LambdaClient, type LambdaClientConfig } from "@aws-sdk/client-lambda";
import { CliError } from "../errors/cli-errors.js";

/** The connection options every command that talks to Lambda accepts. */
export interface ConnectionOptions {
  /** `--endpoint-url`: any Lambda-compatible endpoint (the dev server). Default: `AWS_ENDPOINT_URL_LAMBDA`, else AWS. */
  endpointUrl?: string;
  /** `--region`. Default: the SDK's chain (`AWS_REGION`, profile), else `us-east-1` for a local endpoint. */
  region?: string;
  /** `--profile`: a profile of the shared AWS config files. */
  profile?: string;
}

const LOCAL_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Credentials for a local endpoint when none are configured: the local service does not check them. */
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

function parseEndpoint(raw: string): URL {
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`protocol ${url.protocol}`);
    return url;
  } catch (error) {
    throw new CliError(
      `--endpoint-url "${raw}" is not an http(s) URL (${error instanceof Error ? error.message : String(error)}). Pass e.g. http://127.0.0.1:9014.`,
    );
  }
}

/**
 * The Lambda client configuration for the connection options: the usual AWS credential chain
 * and region, or a local endpoint (which needs no real credentials).
 *
 * @example
 * ```ts
 * const client = new LambdaClient(lambdaClientConfig({ endpointUrl: "http://127.0.0.1:9014" }, process.env));
 * ```
 */
export function lambdaClientConfig(options: ConnectionOptions, env: NodeJS.ProcessEnv): LambdaClientConfig {
  const endpoint = options.endpointUrl ?? env.AWS_ENDPOINT_URL_LAMBDA ?? env.AWS_ENDPOINT_URL;
  const config: LambdaClientConfig = { maxAttempts: 2 };
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.region !== undefined) config.region = options.region;
  if (endpoint === undefined) return config;
  const url = parseEndpoint(endpoint);
  config.endpoint = url.href.replace(/\/$/, "");
  if (LOCAL_HOSTS.has(url.hostname)) {
    config.region ??= env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
    const configured =
      env.AWS_ACCESS_KEY_ID !== undefined || env.AWS_PROFILE !== undefined || options.profile !== undefined;
    if (!configured) config.credentials = LOCAL_CREDENTIALS;
  }
  return config;
}

/**
 * A Lambda client for the connection options.
 *
 * @example
 * ```ts
 * const client = createLambdaClient({ region: "eu-west-1", profile: "dev" }, process.env);
 * ```
 */
export function createLambdaClient(options: ConnectionOptions, env: NodeJS.ProcessEnv): LambdaClient {
  return new LambdaClient(lambdaClientConfig(options, env));
}
