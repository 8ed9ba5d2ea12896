import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions } from "@durable-lambda/client";
import {
  type LocalDurableHandler,
  LocalDurableService,
  type ServiceChange,
  startLocalDurableServer,
  VirtualClock,
} from "@durable-lambda/testing";
import { fetchExecutionSnapshot } from "../client/fetch-snapshot.js";
import { type HandlerReference, loadHandler } from "../handler/load-handler.js";
import { SqliteDurableStore } from "../store/sqlite-durable-store.js";
import { type DevRequestContext, handleDevRequest } from "./dev-request-handler.js";
import { ExecutionDriver, functionNameOfExecution } from "./execution-driver.js";
import { pointFunctionsAt } from "./function-environment.js";
import { ModuleWatcher } from "./module-watcher.js";
import { createServerToken, RequestGuard } from "./request-guard.js";
import { UiActions } from "./ui-actions.js";

/**
 * A handler module served as a function.
 *
 * @example
 * ```ts
 * const fn: DevFunction = { reference: parseHandlerReference("src/orders.ts", process.cwd()), functionName: "orders" };
 * ```
 */
export interface DevFunction {
  reference: HandlerReference;
  functionName: string;
}

/**
 * Options of {@link startDevServer}.
 *
 * @example
 * ```ts
 * const options: DevServerOptions = { functions: [fn], port: 0, store: ":memory:", skipTime: true };
 * ```
 */
export interface DevServerOptions {
  functions: readonly DevFunction[];
  /** Interface to listen on. Default: `127.0.0.1`. */
  host?: string;
  /** Port (0: any free one). Default: 9014. */
  port?: number;
  /** SQLite file that keeps every execution across restarts; `:memory:` keeps nothing. Default: `.durable/dev.db`. */
  store?: string;
  /** Skip waits and retry delays instead of waiting in real time. Default: false. */
  skipTime?: boolean;
  /** Re-import a module when its files change. Default: true. */
  watch?: boolean;
  /** One line per server event (listening, execution events, reloads). Default: none. */
  log?: (line: string) => void;
}

/**
 * A running dev server.
 *
 * @example
 * ```ts
 * const server: DevServer = await startDevServer(options);
 * await server.close();
 * ```
 */
export interface DevServer {
  /** Base URL of the Lambda API and of the web UI, e.g. `http://127.0.0.1:9014`. */
  readonly url: string;
  readonly service: LocalDurableService;
  /** Stops serving, driving and watching. */
  close(): Promise<void>;
}

/**
 * Defaults of {@link DevServerOptions}.
 *
 * @example
 * ```ts
 * DEV_SERVER_DEFAULTS.port; // 9014
 * ```
 */
export const DEV_SERVER_DEFAULTS = {
  host: "127.0.0.1",
  port: 9014,
  store: ".durable/dev.db",
  skipTime: false,
  watch: true,
} as const;

function describeChange(change: ServiceChange): string | undefined {
  const execution = change.executionArn.split("/durable-execution/")[1]?.split("/")[0] ?? change.executionArn;
  const where = `${functionNameOfExecution(change.executionArn) ?? "?"}/${execution}`;
  if (change.kind === "execution") return `${where}  execution ${change.status}`;
  const operation = change.operation;
  if (operation.Type === "EXECUTION") return undefined;
  const attempt =
    operation.StepDetails?.Attempt === undefined ? "" : ` (attempt ${operation.StepDetails.Attempt})`;
  return `${where}  ${operation.SubType ?? operation.Type} ${JSON.stringify(operation.Name ?? operation.Id)} ${operation.Status}${attempt}`;
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the dev server: the local durable service with the whole Lambda durable API over HTTP
 * (executions of the given handler modules run as they would on Lambda, waits in real time), the
 * web UI at `/`, module reloading, and one log line per execution event.
 *
 * @example
 * ```ts
 * const server = await startDevServer({
 *   functions: [{ reference: parseHandlerReference("src/orders.ts", process.cwd()), functionName: "orders" }],
 *   port: 0,
 * });
 * console.log(server.url);
 * await server.close();
 * ```
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? DEV_SERVER_DEFAULTS.host;
  const log = options.log ?? (() => {});
  const store = SqliteDurableStore.open(options.store ?? DEV_SERVER_DEFAULTS.store);
  const service = new LocalDurableService({ clock: new VirtualClock(), store, recordRequests: false });
  const driver = new ExecutionDriver({
    service,
    skipTime: options.skipTime ?? DEV_SERVER_DEFAULTS.skipTime,
    log,
  });
  const api = await startLocalDurableServer({ service });

  // Listen first: the functions' environment points at this server's address.
  let context: DevRequestContext | undefined;
  const server = createServer((request, response) => {
    if (context === undefined) response.writeHead(503).end();
    else void handleDevRequest(request, response, context);
  });
  const port = await listen(server, options.port ?? DEV_SERVER_DEFAULTS.port, host);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  pointFunctionsAt(url, process.env);

  const watchers: ModuleWatcher[] = [];
  try {
    for (const { reference, functionName } of options.functions) {
      const loaded = await loadHandler(reference);
      const register = (handler: unknown) =>
        driver.registerFunction(functionName, handler as LocalDurableHandler);
      register(loaded.handler);
      if (options.watch ?? DEV_SERVER_DEFAULTS.watch) {
        watchers.push(new ModuleWatcher(reference, loaded.files, (next) => register(next.handler), log));
      }
    }
  } catch (error) {
    for (const watcher of watchers) watcher.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
    store.close();
    throw error;
  }
  const stopLogging = service.onChange((change) => {
    const line = describeChange(change);
    if (line !== undefined) log(line);
  });
  const lambda = new LambdaClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "dev-ui", secretAccessKey: "dev-ui" },
    maxAttempts: 1,
  });
  context = {
    service,
    guard: new RequestGuard({ host, port, token: createServerToken() }),
    actions: new UiActions({
      client: new DurableExecutions({ client: lambda }),
      functionNames: () => driver.functionNames,
    }),
    functionNames: () => driver.functionNames,
    snapshot: (executionArn) => fetchExecutionSnapshot(lambda, executionArn),
    servicePort: api.port,
    log,
  };
  const resumed = driver.resumeAll();
  if (resumed > 0) log(`resumed ${resumed} running execution(s)`);

  return {
    url,
    service,
    close: async () => {
      await driver.close();
      for (const watcher of watchers) watcher.close();
      stopLogging();
      lambda.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      store.close();
    },
  };
}
