import type { LambdaClient } from "@aws-sdk/client-lambda";
import { InvalidClientArgumentError } from "./errors/client-errors.js";

/**
 * A source of the current time, in milliseconds since the epoch.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.now() };
 * ```
 */
export interface Clock {
  now(): number;
}

/**
 * Options of `new DurableExecutions(options)`.
 *
 * @example
 * ```ts
 * const options: DurableExecutionsOptions = { endpoint: "http://127.0.0.1:9014", region: "us-east-1" };
 * ```
 */
export interface DurableExecutionsOptions {
  /** The `LambdaClient` to send requests with. Default: a new one from `endpoint`, `region`, `credentials` and the environment. */
  client?: LambdaClient;
  /** The Lambda endpoint, e.g. a local service's URL. Default: the AWS SDK's (it honours `AWS_ENDPOINT_URL_LAMBDA`). */
  endpoint?: string;
  /** The AWS region. Default: the AWS SDK's (`AWS_REGION`, the profile). */
  region?: string;
  /** Credentials. Default: the AWS SDK's provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The clock the 14-day redrive period is measured with. Default: the system clock. */
  clock?: Clock;
}

const KNOWN_OPTIONS = ["client", "endpoint", "region", "credentials", "clock"] as const;
const CLIENT_ONLY_CONFLICTS = ["endpoint", "region", "credentials"] as const;

function invalid(option: string, message: string): InvalidClientArgumentError {
  return new InvalidClientArgumentError(option, message);
}

/** Validates the options once, when the client is created: unknown keys and wrong types fail fast. */
export function validateOptions(options: unknown): DurableExecutionsOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw invalid(
      "options",
      'DurableExecutions options must be an object, for example { region: "eu-west-1" }.',
    );
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KNOWN_OPTIONS as readonly string[]).includes(key)) {
      throw invalid(
        key,
        `Unknown DurableExecutions option "${key}". Known options are: ${KNOWN_OPTIONS.join(", ")}.`,
      );
    }
  }
  if (record.client !== undefined) {
    if (typeof (record.client as { send?: unknown }).send !== "function") {
      throw invalid("client", "The client option must be a LambdaClient from @aws-sdk/client-lambda.");
    }
    const conflict = CLIENT_ONLY_CONFLICTS.find((key) => record[key] !== undefined);
    if (conflict !== undefined) {
      throw invalid(
        conflict,
        `The ${conflict} option configures the LambdaClient DurableExecutions creates, but a client was given. ` +
          `Configure ${conflict} on that client instead, or leave out the client option.`,
      );
    }
  }
  for (const key of ["endpoint", "region"] as const) {
    if (record[key] !== undefined && (typeof record[key] !== "string" || record[key] === "")) {
      throw invalid(key, `The ${key} option must be a non-empty string; got ${JSON.stringify(record[key])}.`);
    }
  }
  if (record.endpoint !== undefined && !URL.canParse(record.endpoint as string)) {
    throw invalid(
      "endpoint",
      `The endpoint option must be a URL, e.g. http://127.0.0.1:9014; got ${record.endpoint}.`,
    );
  }
  const credentials = record.credentials as Record<string, unknown> | undefined;
  if (
    credentials !== undefined &&
    (typeof credentials?.accessKeyId !== "string" || typeof credentials.secretAccessKey !== "string")
  ) {
    throw invalid("credentials", "The credentials option must have string accessKeyId and secretAccessKey.");
  }
  if (record.clock !== undefined && typeof (record.clock as { now?: unknown }).now !== "function") {
    throw invalid(
      "clock",
      "The clock option must have a now() method returning milliseconds since the epoch.",
    );
  }
  return record as DurableExecutionsOptions;
}

/** Validates the keys of a per-call options object against the ones the method knows. */
export function validateCallOptions(method: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw invalid("options", `${method}: options must be an object; got ${JSON.stringify(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw invalid(key, `${method}: unknown option "${key}". Known options are: ${known.join(", ")}.`);
    }
  }
}

/** Checks that a required string argument is a non-empty string. */
export function requireString(method: string, argument: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw invalid(
      argument,
      `${method}: ${argument} must be a non-empty string; got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}
