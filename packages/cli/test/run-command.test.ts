import { describe, expect, it, vi } from "vitest";
import { runCliProcess } from "./support/cli-process.js";
import { PROCESS_TEST_TIMEOUT_MS } from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

describe("durable-lambda run", () => {
  it("runs a TypeScript handler that imports .js-suffixed TypeScript modules, and exits 0", async () => {
    const { code, stdout, stderr } = await runCliProcess([
      "run",
      "greeting.ts#greet",
      "--input",
      '{"name":"Ada"}',
      "--name",
      "first",
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain("status: SUCCEEDED");
    expect(stdout).toContain('"delivered": "hello Ada"');
    expect(stdout).toMatch(/^compose +STEP\/Step +SUCCEEDED +1$/m);
    expect(stdout).toMatch(/^pause +WAIT\/Wait +SUCCEEDED +-$/m);
    expect(stdout).toMatch(/WaitSucceeded +pause$/m);
    expect(stdout).toMatch(/^2 +[0-9a-f]{8} +\S+ \(\+0h00m01s\) +SUCCEEDED$/m);
    expect(stdout).toContain("/durable-execution/first/");
    // Progress, as it happens, on stderr.
    expect(stderr).toContain("invocation 1");
    expect(stderr).toContain('Wait "pause" STARTED');
  });

  it("reads the event from --input-file", async () => {
    const { code, stdout } = await runCliProcess([
      "run",
      "greeting.ts#greet",
      "--input-file",
      "greeting-event.json",
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain('"delivered": "hello Grace"');
  });

  it("accepts --skip-time, the default, as dev does", async () => {
    const { code, stderr } = await runCliProcess([
      "run",
      "greeting.ts#greet",
      "--input",
      '{"name":"Ada"}',
      "--skip-time",
    ]);

    expect(code).toBe(0);
    expect(stderr).toContain("(time skipped)");
  });

  it("waits in real time with --no-skip-time", async () => {
    const { code, stdout, stderr } = await runCliProcess([
      "run",
      "greeting.ts#greet",
      "--input",
      '{"name":"Ada"}',
      "--no-skip-time",
    ]);

    expect(code).toBe(0);
    expect(stderr).toContain("(real time)");
    expect(stdout).toContain("status: SUCCEEDED");
  });

  it("exits 1 and prints the error when the execution fails", async () => {
    const { code, stdout } = await runCliProcess(["run", "failing.mjs"]);

    expect(code).toBe(1);
    expect(stdout).toContain("status: FAILED");
    expect(stdout).toContain("card declined");
    expect(stdout).toMatch(/^charge +STEP\/Step +FAILED +1$/m);
  });
});

describe("durable-lambda run with bad arguments", () => {
  it("without a module: says what is missing, prints the usage and exits 2", async () => {
    const { code, stderr, stdout } = await runCliProcess(["run"]);

    expect(code).toBe(2);
    expect(stderr).toContain("error: missing required argument 'module'");
    expect(stderr).toContain("Usage: durable-lambda run [options] <module>");
    expect(stdout).toBe("");
  });

  it("with an unknown option: names it and exits 2", async () => {
    const { code, stderr } = await runCliProcess(["run", "greeting.ts", "--skip-tme"]);

    expect(code).toBe(2);
    expect(stderr).toContain("error: unknown option '--skip-tme'");
    expect(stderr).toContain("Usage: durable-lambda run");
  });

  it("with --input that is not JSON: says so and exits 2", async () => {
    const { code, stderr } = await runCliProcess(["run", "greeting.ts", "--input", "{name:"]);

    expect(code).toBe(2);
    expect(stderr).toMatch(/option '--input <json>' argument '\{name:' is invalid\. not valid JSON/);
  });

  it("with a missing module file: names the path and exits 1", async () => {
    const { code, stderr } = await runCliProcess(["run", "nowhere.ts"]);

    expect(code).toBe(1);
    expect(stderr).toMatch(/error: cannot load handler: \S+nowhere\.ts does not exist/);
  });

  it("with an export the module does not have: lists the function exports and exits 1", async () => {
    const { code, stderr } = await runCliProcess(["run", "greeting.ts#handler"]);

    expect(code).toBe(1);
    expect(stderr).toContain('has no function export named "handler" (function exports: greet)');
  });

  it("with --input and --input-file together: refuses and exits 1", async () => {
    const { code, stderr } = await runCliProcess([
      "run",
      "greeting.ts#greet",
      "--input",
      "{}",
      "--input-file",
      "greeting-event.json",
    ]);

    expect(code).toBe(1);
    expect(stderr).toContain("--input and --input-file were both given");
  });
});

describe("durable-lambda --help", () => {
  it("shows an example for run and exits 0", async () => {
    const { code, stdout } = await runCliProcess(["run", "--help"]);

    expect(code).toBe(0);
    expect(stdout).toContain("Usage: durable-lambda run [options] <module>");
    expect(stdout).toContain("Example:\n  $ durable-lambda run");
  });

  it("prints the version with --version", async () => {
    const { code, stdout } = await runCliProcess(["--version"]);

    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("without a command: shows the commands and exits 2", async () => {
    const { code, stdout } = await runCliProcess([]);

    expect(code).toBe(2);
    expect(stdout).toContain("run [options] <module>");
  });
});
