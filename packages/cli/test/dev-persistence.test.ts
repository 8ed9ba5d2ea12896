import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  type LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type DevProcess,
  eventually,
  localLambdaClient,
  PROCESS_TEST_TIMEOUT_MS,
  startDevProcess,
} from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

let dir: string;
let store: string;
let dev: DevProcess | undefined;
let client: LambdaClient | undefined;

const modules = [
  "persistence.ts#sleeper",
  "persistence.ts#approver",
  "--function-name",
  "sleeper",
  "--function-name",
  "approver",
];

async function startServer(): Promise<{ dev: DevProcess; client: LambdaClient }> {
  client?.destroy();
  dev = await startDevProcess([...modules, "--store", store, "--port", "0", "--no-watch"]);
  client = localLambdaClient(dev.url);
  return { dev, client };
}

async function invoke(functionName: string, name: string): Promise<string> {
  const answer = await (client as LambdaClient).send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "Event",
      DurableExecutionName: name,
      Payload: new TextEncoder().encode(JSON.stringify({ id: name })),
    }),
  );
  expect(answer.StatusCode).toBe(202);
  return answer.DurableExecutionArn as string;
}

async function eventTypes(arn: string): Promise<string[]> {
  const history = await (client as LambdaClient).send(
    new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }),
  );
  return (history.Events ?? []).map((event) => String(event.EventType));
}

async function status(arn: string): Promise<string | undefined> {
  return (await (client as LambdaClient).send(new GetDurableExecutionCommand({ DurableExecutionArn: arn })))
    .Status;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-dev-store-"));
  store = join(dir, "dev.db");
});

afterAll(async () => {
  client?.destroy();
  await dev?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("dev server killed and restarted on the same store", () => {
  let napping: string;
  let waiting: string;
  let finished: string;

  it("has executions in flight when it is killed", async () => {
    await startServer();
    finished = await invoke("approver", "done-before");
    napping = await invoke("sleeper", "nap-1");
    waiting = await invoke("approver", "approval-1");
    const finishedCallback = await eventually("the first callback", async () => {
      const history = await (client as LambdaClient).send(
        new GetDurableExecutionHistoryCommand({ DurableExecutionArn: finished }),
      );
      return history.Events?.find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails
        ?.CallbackId;
    });
    await (client as LambdaClient).send(
      new SendDurableExecutionCallbackSuccessCommand({
        CallbackId: finishedCallback,
        Result: new TextEncoder().encode("early"),
      }),
    );
    await eventually("the first execution to finish", async () => (await status(finished)) === "SUCCEEDED");
    await eventually("the nap to start", async () => (await eventTypes(napping)).includes("WaitStarted"));
    await eventually("the approval callback", async () =>
      (await eventTypes(waiting)).includes("CallbackStarted"),
    );

    await (dev as DevProcess).kill();
  });

  it("lists every execution again after the restart, finished ones included", async () => {
    const { dev: restarted } = await startServer();

    expect(await status(finished)).toBe("SUCCEEDED");
    // The nap may already have come due while the server restarted (on a busy machine).
    expect(["RUNNING", "SUCCEEDED"]).toContain(await status(napping));
    expect(await status(waiting)).toBe("RUNNING");
    const page = await (await fetch(`${restarted.url}/`)).text();
    for (const name of ["done-before", "nap-1", "approval-1"]) expect(page).toContain(`>${name}</a>`);
  });

  it("finishes the execution that was in its 5 s wait", async () => {
    await eventually("the nap to end", async () => (await status(napping)) === "SUCCEEDED");

    const types = await eventTypes(napping);
    expect(types.filter((type) => type === "WaitSucceeded")).toHaveLength(1);
    expect(types.at(-1)).toBe("ExecutionSucceeded");
  });

  it("finishes the execution whose callback is answered after the restart", async () => {
    const history = await (client as LambdaClient).send(
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn: waiting }),
    );
    const callbackId = history.Events?.find((event) => event.EventType === "CallbackStarted")
      ?.CallbackStartedDetails?.CallbackId;

    await (client as LambdaClient).send(
      new SendDurableExecutionCallbackSuccessCommand({
        CallbackId: callbackId,
        Result: new TextEncoder().encode("after restart"),
      }),
    );

    await eventually("the approval to end", async () => (await status(waiting)) === "SUCCEEDED");
    const execution = await (client as LambdaClient).send(
      new GetDurableExecutionCommand({ DurableExecutionArn: waiting }),
    );
    expect(JSON.parse(execution.Result ?? "")).toEqual({ id: "approval-1", answer: "after restart" });
  });
});
