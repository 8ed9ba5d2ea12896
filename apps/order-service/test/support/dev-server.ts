import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const appDir = fileURLToPath(new URL("../..", import.meta.url));

/** `npm run dev` of this app (the `durable-lambda` dev server), as the README starts it. */
export interface RunningDevServer {
  /** The Lambda API's URL. */
  url: string;
  /** Everything the server printed on stdout so far. */
  output(): string;
  /** Resolves with the first stdout line matching `pattern`. */
  waitForLine(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the dev server with `npm run dev -w apps/order-service -- <args>` in its own process group
 * (so stopping it stops npm and the server), and resolves once it prints its URL.
 */
export async function startDevServer(
  args: string[],
  env: Record<string, string> = {},
): Promise<RunningDevServer> {
  const child: ChildProcess = spawn("npm", ["run", "dev", "--", ...args], {
    cwd: appDir,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    for (const listener of listeners) listener();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waitForLine = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = stdout.split("\n").find((candidate) => pattern.test(candidate));
        if (line === undefined) return;
        listeners.delete(check);
        resolve(line);
      };
      listeners.add(check);
      void exited.then(() => {
        listeners.delete(check);
        reject(new Error(`the dev server exited before printing ${pattern}:\n${stdout}\n${stderr}`));
      });
      check();
    });
  const urlLine = await waitForLine(/Lambda API at http:\/\/127\.0\.0\.1:\d+/);
  return {
    url: /http:\/\/127\.0\.0\.1:\d+/.exec(urlLine)?.[0] ?? "",
    output: () => stdout,
    waitForLine,
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}
