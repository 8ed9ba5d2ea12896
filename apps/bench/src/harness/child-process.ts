import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Runs a compiled worker script of this package in a fresh Node process and returns the one
 * message it sends over IPC. Worker output (an engine's logs) is captured, not printed, and shown
 * only when the worker fails.
 */
export function runWorker<T>(
  workerUrl: URL,
  args: readonly string[],
  execArgv: readonly string[] = [],
): Promise<T> {
  const workerPath = fileURLToPath(workerUrl);
  if (!existsSync(workerPath)) {
    return Promise.reject(
      new Error(
        `Worker ${workerPath} is missing: build the bench first (npm run build --workspace=@durable-lambda/bench).`,
      ),
    );
  }
  return new Promise<T>((resolve, reject) => {
    const child: ChildProcess = fork(workerPath, [...args], {
      execArgv: [...execArgv],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    let message: { ok: true; value: T } | { ok: false; error: string } | undefined;
    child.on("message", (received) => {
      message = received as typeof message;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (message?.ok === true) resolve(message.value);
      else {
        const reason = message?.ok === false ? message.error : `exited with ${signal ?? `code ${code}`}`;
        reject(new Error(`Worker ${workerPath} ${args.join(" ")} failed: ${reason}\n${output.slice(-4000)}`));
      }
    });
  });
}

/** The worker side: runs `main` and sends its value (or its error) to the parent, then exits. */
export async function workerMain<T>(main: () => Promise<T>): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error("This script is a benchmark worker; run it through run-all.");
  try {
    const value = await main();
    send({ ok: true, value }, () => process.exit(0));
  } catch (error) {
    const text =
      error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
    send({ ok: false, error: text }, () => process.exit(1));
  }
}
