import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LambdaClient } from "@aws-sdk/client-lambda";
import {
  type LocalDurableHandler,
  LocalDurableService,
  type ServiceChange,
  startLocalDurableServer,
  VirtualClock,
} from "@durable-lambda/testing";
import { type HandlerReference, loadHandler } from "../handler/load-handler.js";
import { SqliteDurableStore } from "../store/sqlite-durable-store.js";
import { forwardToService, isLambdaApiPath } from "./api-forwarder.js";
import { ExecutionDriver, functionNameOfExecution } from "./execution-driver.js";
import { ModuleWatcher } from "./module-watcher.js";
import { createServerToken, RequestGuard } from "./request-guard.js";
import { UiActions } from "./ui-actions.js";
import { forbidden, handleUiRequest } from "./ui-routes.js";

/** A handler module served as a function. */
export interface DevFunction {
  reference: HandlerReference;
  functionName: string;
}

/** Options of {@link startDevServer}. */
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

/** A running dev server. */
export interface DevServer {
  /** Base URL of the Lambda API and of the web UI, e.g. `http://127.0.0.1:9014`. */
  readonly url: string;
  readonly service: LocalDurableService;
  /** Stops serving, driving and watching. */
  close(): Promise<void>;
}

/** Defaults of {@link DevServerOptions}. */
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
  const watchers: ModuleWatcher[] = [];
  for (const { reference, functionName } of options.functions) {
    const loaded = await loadHandler(reference);
    driver.registerFunction(functionName, loaded.handler as LocalDurableHandler);
    if (options.watch ?? DEV_SERVER_DEFAULTS.watch) {
      watchers.push(
        new ModuleWatcher(
          reference,
          loaded.files,
          (next) => driver.registerFunction(functionName, next.handler as LocalDurableHandler),
          log,
        ),
      );
    }
  }
  const api = await startLocalDurableServer({ service });
  const stopLogging = service.onChange((change) => {
    const line = describeChange(change);
    if (line !== undefined) log(line);
  });

  let guard: RequestGuard | undefined;
  let actions: UiActions | undefined;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      if (guard === undefined || actions === undefined) {
        response.writeHead(503).end();
        return;
      }
      const refused = guard.checkHostAndOrigin(request);
      if (refused !== undefined) return forbidden(response, refused);
      const url = new URL(request.url ?? "/", "http://dev.invalid");
      if (isLambdaApiPath(url.pathname)) {
        const unsigned = guard.checkApiSignature(request);
        if (unsigned !== undefined) return forbidden(response, unsigned);
        return forwardToService(request, response, api.port);
      }
      const handled = await handleUiRequest(request, response, url, {
        service,
        guard,
        actions,
        functionNames: () => driver.functionNames,
      });
      if (!handled) {
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        response.end(`Nothing at ${url.pathname}. The web UI is at /.`);
      }
    })().catch((error: unknown) => {
      log(
        `request ${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const port = await listen(server, options.port ?? DEV_SERVER_DEFAULTS.port, host);
  const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const url = `http://${authority}`;
  guard = new RequestGuard({ host, port, token: createServerToken() });
  const client = new LambdaClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "dev-ui", secretAccessKey: "dev-ui" },
    maxAttempts: 1,
  });
  actions = new UiActions({ client, service, driver });
  const resumed = driver.resumeAll();
  if (resumed > 0) log(`resumed ${resumed} running execution(s)`);

  return {
    url,
    service,
    close: async () => {
      driver.close();
      for (const watcher of watchers) watcher.close();
      stopLogging();
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      store.close();
    },
  };
}
