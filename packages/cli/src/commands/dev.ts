import { resolve } from "node:path";
import { DEV_SERVER_DEFAULTS, type DevFunction, startDevServer } from "../dev/dev-server.js";
import { CliError, ExitCode } from "../errors/cli-errors.js";
import { parseHandlerReference } from "../handler/load-handler.js";
import { IN_MEMORY_STORE } from "../store/sqlite-durable-store.js";
import type { CommandIo } from "./command-io.js";

/** Options of the `dev` command. */
export interface DevCommandOptions {
  functionName?: string[];
  port: number;
  host: string;
  store: string;
  skipTime?: boolean;
  watch: boolean;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "::1"]);

/** Valid Lambda function names: letters, digits, hyphens and underscores, 1 to 64 of them. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Pairs modules with `--function-name`s (in order), the rest named after their files. */
export function devFunctions(
  modules: readonly string[],
  names: readonly string[],
  cwd: string,
): DevFunction[] {
  if (names.length > modules.length) {
    throw new CliError(
      `${names.length} --function-name options for ${modules.length} module(s). Give at most one name per module, in the same order.`,
    );
  }
  const functions = modules.map((module, index) => {
    const reference = parseHandlerReference(module, cwd);
    const functionName = names[index] ?? reference.defaultFunctionName;
    if (!FUNCTION_NAME.test(functionName)) {
      throw new CliError(
        `"${functionName}" is not a valid Lambda function name (1-64 letters, digits, "-" or "_"). Name it with --function-name.`,
      );
    }
    return { reference, functionName };
  });
  const seen = new Set<string>();
  for (const { functionName } of functions) {
    if (seen.has(functionName)) {
      throw new CliError(
        `two modules would both be function "${functionName}". Name them apart with --function-name.`,
      );
    }
    seen.add(functionName);
  }
  return functions;
}

/**
 * `durable-lambda dev <module>…`: serves the modules as durable functions with the web UI until
 * the process is interrupted.
 *
 * @example
 * ```ts
 * await devCommand(["src/orders.ts"], { port: 9014, host: "127.0.0.1", watch: true }, processIo());
 * ```
 */
export async function devCommand(
  modules: readonly string[],
  options: DevCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const functions = devFunctions(modules, options.functionName ?? [], io.cwd);
  const storePath = options.store === IN_MEMORY_STORE ? IN_MEMORY_STORE : resolve(io.cwd, options.store);
  const stamp = () => new Date().toISOString().slice(11, 19);
  const server = await startDevServer({
    functions,
    host: options.host,
    port: options.port,
    store: storePath,
    skipTime: options.skipTime ?? DEV_SERVER_DEFAULTS.skipTime,
    watch: options.watch,
    log: (line) => io.err(`[${stamp()}] ${line}`),
  });
  io.out(`durable-lambda dev: Lambda API at ${server.url}`);
  io.out(`web UI: ${server.url}/`);
  io.out(`store: ${storePath === IN_MEMORY_STORE ? "in memory (nothing is kept)" : storePath}`);
  io.out(`functions: ${functions.map((fn) => `${fn.functionName} (${fn.reference.file})`).join(", ")}`);
  io.out(
    `try: aws lambda invoke --endpoint-url ${server.url} --function-name ${functions[0]?.functionName ?? "NAME"} --invocation-type Event --durable-execution-name first --payload '{}' --cli-binary-format raw-in-base64-out out.json`,
  );
  if (!LOOPBACK_HOSTS.has(options.host)) {
    io.err(`warning: listening on ${options.host}, not loopback: other machines can reach this server.`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return ExitCode.success;
}
