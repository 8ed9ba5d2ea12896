/** The placeholder credentials functions sign their requests to the dev server with when none are configured. */
const DEV_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "durable-lambda-dev",
  AWS_SECRET_ACCESS_KEY: "durable-lambda-dev",
} as const;

/**
 * Sets up the environment the served functions run in, as Lambda does for a durable function:
 * their AWS SDK clients (and so their durable engine's checkpoints, and a redrive's reads of its
 * source) reach the Lambda API at `endpoint`, with a region and, when none are configured,
 * placeholder credentials (the dev server does not check them).
 *
 * @example
 * ```ts
 * pointFunctionsAt("http://127.0.0.1:9014", process.env);
 * ```
 */
export function pointFunctionsAt(endpoint: string, env: NodeJS.ProcessEnv): void {
  env.AWS_ENDPOINT_URL_LAMBDA = endpoint;
  env.AWS_REGION ??= env.AWS_DEFAULT_REGION ?? "us-east-1";
  const configured = env.AWS_ACCESS_KEY_ID !== undefined || env.AWS_PROFILE !== undefined;
  if (!configured) Object.assign(env, DEV_CREDENTIALS);
}
