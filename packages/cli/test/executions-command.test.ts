import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type CliOutcome, runCliProcess } from "./support/cli-process.js";
import {
  APPROVALS_DEV_ARGS,
  type DevProcess,
  eventually,
  PROCESS_TEST_TIMEOUT_MS,
  startDevProcess,
} from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

let dev: DevProcess;

beforeAll(async () => {
  dev = await startDevProcess(APPROVALS_DEV_ARGS);
});

afterAll(async () => {
  await dev?.stop();
});

function cli(...args: string[]): Promise<CliOutcome> {
  return runCliProcess([...args, "--endpoint-url", dev.url]);
}

async function callbackIdOf(arn: string): Promise<string> {
  return eventually("the callback id", async () => {
    const { stdout } = await cli("executions", "history", arn, "--json");
    const events = JSON.parse(stdout) as {
      EventType: string;
      CallbackStartedDetails?: { CallbackId: string };
    }[];
    return events.find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
  });
}

async function statusOf(arn: string): Promise<string> {
  const { stdout } = await cli("executions", "describe", arn, "--json");
  return (JSON.parse(stdout) as { status: string }).status;
}

describe("durable-lambda executions and callback against the dev server", () => {
  let arn: string;

  it("starts an execution and prints its ARN", async () => {
    const { code, stdout } = await cli(
      "executions",
      "start",
      "approvals",
      "--name",
      "cli-1",
      "--input",
      '{"item":"pen"}',
    );

    expect(code).toBe(0);
    arn = stdout.trim();
    expect(arn).toMatch(/:function:approvals:\$LATEST\/durable-execution\/cli-1\//);
  });

  it("lists the function's executions as a table, and as JSON with --json", async () => {
    const table = await cli("executions", "list", "approvals");
    const json = await cli("executions", "list", "approvals", "--json");

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^name +status +started +stopped +arn$/m);
    expect(table.stdout).toMatch(/^cli-1 +RUNNING +\S+ +- +arn:aws:lambda:/m);
    const listed = JSON.parse(json.stdout) as { executionArn: string; name: string; status: string }[];
    expect(listed).toContainEqual(
      expect.objectContaining({ executionArn: arn, name: "cli-1", status: "RUNNING" }),
    );
  });

  it("sends a heartbeat and then the result of the callback the execution waits for", async () => {
    const callbackId = await callbackIdOf(arn);

    const heartbeat = await cli("callback", "heartbeat", callbackId);
    const succeed = await cli("callback", "succeed", callbackId, "--result", '"signed"');

    expect(heartbeat.code).toBe(0);
    expect(succeed.code).toBe(0);
    expect(succeed.stdout).toContain(`callback ${callbackId} succeeded`);
    await eventually("SUCCEEDED", async () => (await statusOf(arn)) === "SUCCEEDED");
  });

  it("describes the execution with its output and metering", async () => {
    const table = await cli("executions", "describe", arn);
    const json = await cli("executions", "describe", arn, "--json");

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^status +SUCCEEDED$/m);
    expect(table.stdout).toMatch(/^billedOperations +\d+$/m);
    const description = JSON.parse(json.stdout) as { output: string; metering: { billedOperations: number } };
    expect(JSON.parse(description.output)).toMatchObject({ decision: '"signed"', shipment: "TRK-1" });
    expect(description.metering.billedOperations).toBeGreaterThan(0);
  });

  it("prints the history as a table, and every event with payloads with --json", async () => {
    const table = await cli("executions", "history", arn);
    const json = await cli("executions", "history", arn, "--json");

    expect(table.stdout).toMatch(/CallbackSucceeded +approval$/m);
    expect(table.stdout).toMatch(/ExecutionSucceeded$/m);
    const events = JSON.parse(json.stdout) as { EventType: string }[];
    expect(events[0]?.EventType).toBe("ExecutionStarted");
    expect(json.stdout).toContain("gateway timed out");
  });

  it("filters the list by status", async () => {
    const { stdout } = await cli("executions", "list", "approvals", "--status", "RUNNING", "--json");

    expect((JSON.parse(stdout) as { name: string }[]).map((execution) => execution.name)).not.toContain(
      "cli-1",
    );
  });

  it("stops a running execution", async () => {
    const started = await cli("executions", "start", "approvals", "--name", "cli-stop");
    const stopArn = started.stdout.trim();
    await callbackIdOf(stopArn);

    const { code, stdout } = await cli("executions", "stop", stopArn, "--error-message", "not needed");

    expect(code).toBe(0);
    expect(stdout).toMatch(/^stopped \S+ at \d{4}-/);
    expect(await statusOf(stopArn)).toBe("STOPPED");
  });

  it("reads the endpoint from AWS_ENDPOINT_URL_LAMBDA", async () => {
    const { code, stdout } = await runCliProcess(["executions", "list", "approvals"], {
      env: { AWS_ENDPOINT_URL_LAMBDA: dev.url },
    });

    expect(code).toBe(0);
    expect(stdout).toContain("cli-1");
  });
});

describe("durable-lambda executions and callback failures", () => {
  it("exits 1 with the service's error for an unknown execution", async () => {
    const { code, stderr } = await cli(
      "executions",
      "describe",
      "arn:aws:lambda:us-east-1:123456789012:function:approvals:$LATEST/durable-execution/nope/00000000-0000-0000-0000-000000000000",
    );

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: describe \S+ failed: \S+/m);
  });

  it("exits 1 for an unknown callback id", async () => {
    const { code, stderr } = await cli("callback", "succeed", "bm90LWEtY2FsbGJhY2s=", "--result", "1");

    expect(code).toBe(1);
    expect(stderr).toContain("callback succeed bm90LWEtY2FsbGJhY2s= failed");
  });

  it("exits 2 for an unknown status, naming the valid ones", async () => {
    const { code, stderr } = await cli("executions", "list", "approvals", "--status", "DONE");

    expect(code).toBe(2);
    expect(stderr).toContain("expected one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED");
  });

  it("exits 2 without the ARN, with the usage", async () => {
    const { code, stderr } = await runCliProcess(["executions", "stop"]);

    expect(code).toBe(2);
    expect(stderr).toContain("Usage: durable-lambda executions stop [options] <arn>");
  });

  it("exits 2 for an unknown subcommand, suggesting the right one", async () => {
    const { code, stderr } = await runCliProcess(["executions", "lst"]);

    expect(code).toBe(2);
    expect(stderr).toContain("(Did you mean list?)");
  });
});
