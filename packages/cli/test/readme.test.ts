import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type CliOutcome, fixturesDir, runCliProcess } from "./support/cli-process.js";
import {
  type DevProcess,
  eventually,
  PROCESS_TEST_TIMEOUT_MS,
  startDevProcess,
} from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

// Every `durable-lambda …` line of the README runs here, so the documentation cannot rot. The
// placeholders "$EXECUTION_ARN" and "$CALLBACK_ID" get real values and the documented port
// 9014 becomes a free one; everything else runs as written.
const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const demoDir = join(here, "..", "..", "..", "apps", "demo");
const DOCUMENTED_ENDPOINT = "http://127.0.0.1:9014";

/** The README's command lines (continuations joined), split into words as a POSIX shell would. */
const samples: string[][] = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((match) => (match[1] as string).replace(/\\\n\s*/g, "").split("\n"))
  .filter((line) => line.startsWith("durable-lambda "))
  .map((line) =>
    [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)]
      .map((word) => word[1] ?? word[2] ?? (word[3] as string))
      .slice(1),
  );

function samplesOf(...command: string[]): string[][] {
  const found = samples.filter((words) => command.every((word, index) => words[index] === word));
  if (found.length === 0) throw new Error(`the README has no sample of durable-lambda ${command.join(" ")}`);
  return found;
}

describe("README samples", () => {
  let dev: DevProcess;
  let workDir: string;
  const values = { executionArn: "", callbackId: "" };

  const substitute = (words: string[]) =>
    words.map((word) =>
      word
        .replace("$EXECUTION_ARN", values.executionArn)
        .replace("$CALLBACK_ID", values.callbackId)
        .replace(DOCUMENTED_ENDPOINT, dev.url),
    );
  const runSample = (words: string[]): Promise<CliOutcome> =>
    runCliProcess(substitute(words), { cwd: workDir });

  async function approvalCallback(name: string): Promise<string> {
    const started = await runCliProcess([
      "executions",
      "start",
      "approvals",
      "--name",
      name,
      "--endpoint-url",
      dev.url,
    ]);
    const arn = started.stdout.trim();
    return eventually("the callback id", async () => {
      const { stdout } = await runCliProcess([
        "executions",
        "history",
        arn,
        "--json",
        "--endpoint-url",
        dev.url,
      ]);
      const events = JSON.parse(stdout) as { CallbackStartedDetails?: { CallbackId: string } }[];
      return events.find((event) => event.CallbackStartedDetails !== undefined)?.CallbackStartedDetails
        ?.CallbackId;
    });
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "durable-readme-"));
    const [devSample] = samplesOf("dev");
    const args = (devSample as string[]).slice(1).map((word) => (word === "9014" ? "0" : word));
    // The documented server, plus a function with a callback for the callback samples.
    dev = await startDevProcess(
      [
        ...args,
        "--store",
        ":memory:",
        "--no-watch",
        join(fixturesDir, "approval.ts"),
        "--function-name",
        "approvals",
      ],
      { cwd: demoDir },
    );
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it("documents every command", () => {
    const documented = new Set(
      samples.map((words) =>
        (words[0] === "executions" || words[0] === "callback" ? words.slice(0, 2) : words.slice(0, 1)).join(
          " ",
        ),
      ),
    );
    expect([...documented].sort()).toEqual(
      [
        "callback fail",
        "callback heartbeat",
        "callback succeed",
        "dev",
        "executions describe",
        "executions history",
        "executions list",
        "executions redrive",
        "executions start",
        "executions stop",
        "inspect",
        "run",
      ].sort(),
    );
  });

  it("run: runs the demo workflow to the end", async () => {
    for (const words of samplesOf("run")) {
      const { code, stdout } = await runCliProcess(words, { cwd: demoDir });
      expect(code).toBe(0);
      expect(stdout).toContain("status: SUCCEEDED");
    }
  });

  it("executions start, list, describe, history and inspect: work on the started execution", async () => {
    const [start] = samplesOf("executions", "start");
    const started = await runSample(start as string[]);
    expect(started.code).toBe(0);
    values.executionArn = started.stdout.trim();

    for (const words of [
      ...samplesOf("executions", "list"),
      ...samplesOf("executions", "describe"),
      ...samplesOf("executions", "history"),
      ...samplesOf("inspect"),
    ]) {
      const { code, stdout, stderr } = await runSample(words);
      expect({ words, code, stderr }).toMatchObject({ code: 0 });
      expect(stdout).not.toBe("");
    }
  });

  it("callback heartbeat, succeed and fail: answer callbacks", async () => {
    values.callbackId = await approvalCallback("readme-approve");
    for (const words of [...samplesOf("callback", "heartbeat"), ...samplesOf("callback", "succeed")]) {
      expect((await runSample(words)).code).toBe(0);
    }
    values.callbackId = await approvalCallback("readme-reject");
    for (const words of samplesOf("callback", "fail")) expect((await runSample(words)).code).toBe(0);
  });

  it("executions stop, then redrive: the stopped execution continues", async () => {
    for (const words of samplesOf("executions", "stop")) expect((await runSample(words)).code).toBe(0);
    const [redrive] = samplesOf("executions", "redrive");

    const redriven = await runSample(redrive as string[]);

    expect(redriven.code).toBe(0);
    expect(redriven.stdout).toMatch(/\/durable-execution\/o-1--redrive-1\//);
  });
});
