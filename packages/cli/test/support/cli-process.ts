import { type ChildProcess, execFile, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's `bin` script, run with this Node (22). */
export const cliBin = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "durable-lambda.js");

/** The fixtures folder. */
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** What a finished command printed and its exit code. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `durable-lambda …` as a child process to the end.
 */
export function runCliProcess(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliBin, ...args],
      {
        cwd: options.cwd ?? fixturesDir,
        env: { ...process.env, ...options.env },
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A long-running `durable-lambda …` child process (the dev server). */
export function spawnCliProcess(args: readonly string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? fixturesDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
}
