import type { ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { spawnCliProcess } from "./cli-process.js";

/** A `durable-lambda dev` child process. */
export interface DevProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** Resolves once the output contains `text`. */
  waitForOutput(text: string | RegExp): Promise<void>;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (no chance to clean up), then resolves. */
  kill(): Promise<void>;
}

/** The approvals fixture on any free port, in memory, without reloading: the server most tests use. */
export const APPROVALS_DEV_ARGS = [
  "approval.ts",
  "--function-name",
  "approvals",
  "--port",
  "0",
  "--no-watch",
  "--store",
  ":memory:",
] as const;

/** Time limit of tests and hooks that start processes: generous, for a loaded machine. */
export const PROCESS_TEST_TIMEOUT_MS = 180_000;

/** Upper bound for conditions tests wait on, far above what they take; only a hung run reaches it. */
export const PATIENCE_MS = 60_000;

/**
 * Waits until `check` returns a value other than undefined/false, polling; rejects after
 * {@link PATIENCE_MS} with `what` in the message.
 */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}${last === undefined ? "" : ` (last error: ${String(last)})`}`);
}

/** Starts `durable-lambda dev …` and resolves once it prints its URL. */
export async function startDevProcess(
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<DevProcess> {
  const child = spawnCliProcess(["dev", ...args], options);
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await Promise.race([
    eventually("the dev server's URL", () => /Lambda API at (http:\/\/\S+)/.exec(text)?.[1]),
    exited.then((code) => {
      throw new Error(`durable-lambda dev exited with ${code} before listening:\n${text}`);
    }),
  ]);
  return {
    url,
    child,
    output: () => text,
    waitForOutput: async (expected) => {
      await eventually(`output ${String(expected)}`, () =>
        typeof expected === "string" ? text.includes(expected) : expected.test(text),
      );
    },
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** A real AWS SDK Lambda client for a local endpoint. */
export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
}

/** The web UI's token, read from a page as a browser would. */
export async function pageToken(url: string): Promise<string> {
  const html = await (await fetch(`${url}/`)).text();
  const token = /name="durable-lambda-token" content="([^"]+)"/.exec(html)?.[1];
  if (token === undefined) throw new Error("the page carries no token");
  return token;
}

/** Sends a UI action as the page's script does. */
export async function uiAction(
  url: string,
  action: string,
  body: Record<string, string>,
  token: string,
): Promise<{ status: number; body: { message?: string; error?: string; location?: string } }> {
  const response = await fetch(`${url}/ui/actions/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-durable-lambda-token": token },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { message?: string; error?: string } };
}

/** A plain HTTP request with exactly the headers given (Host and Origin included), as an attacker's page or tool sends it. */
export function rawRequest(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const target = new URL(options.path ?? "/", url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? "GET",
        path: target.pathname + target.search,
        headers: options.headers ?? {},
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString("utf8");
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}
