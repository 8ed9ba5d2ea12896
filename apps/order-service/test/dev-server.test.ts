import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions } from "@durable-lambda/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApprovalHandler } from "../src/approval/approval-handler.js";
import { type RunningDevServer, startDevServer } from "./support/dev-server.js";
import { approvalRequestEvent, localLambdaContext } from "./support/order-service-harness.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * The README's commands run in a scratch copy of the app's `events/` folder, so the files they
 * write (`response.json`) never land in the source tree. The folder is inside the app (under the
 * git-ignored `.generated/`), so `npx durable-lambda` finds the workspace's CLI as it does for a user.
 */
mkdirSync(join(appDir, ".generated"), { recursive: true });
const commandDir = mkdtempSync(join(appDir, ".generated", "readme-commands-"));
cpSync(join(appDir, "events"), join(commandDir, "events"), { recursive: true });
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const order = JSON.parse(readFileSync(new URL("../events/order.json", import.meta.url), "utf8")) as unknown;

/** The commands of the README's code blocks tagged `sh <tag>`, in order. */
function readmeCommands(tag: string): string[] {
  return [...readme.matchAll(new RegExp(`\`\`\`sh ${tag}\\n([\\s\\S]*?)\`\`\``, "g"))]
    .flatMap((match) => (match[1] ?? "").split("\n"))
    .filter((line) => line.trim() !== "");
}

let servers: RunningDevServer[] = [];
afterEach(async () => {
  for (const server of servers) await server.stop();
  servers = [];
});

/** `npm run dev` with the waits shortened to 1 s, on a fresh in-memory store and a free port. */
async function devServer() {
  const server = await startDevServer(["--port", "0", "--store", ":memory:"], {
    CANCELLATION_WINDOW_SECONDS: "1",
    PICKUP_DELAY_SECONDS: "1",
  });
  servers.push(server);
  const client = new LambdaClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  return { server, client, executions: new DurableExecutions({ client }) };
}

/** Reads the callback id from the `approval requested` record the order function logged. */
async function approvalCallbackId(server: RunningDevServer, orderId: string): Promise<string> {
  const line = await server.waitForLine(new RegExp(`"message":"approval requested".*"orderId":"${orderId}"`));
  return (JSON.parse(line) as { callbackId: string }).callbackId;
}

async function finalStatus(executions: DurableExecutions, executionArn: string) {
  // The dev server runs in real time (that is what it is for): wait for the execution to end.
  return vi.waitFor(
    async () => {
      const { status } = await executions.describe(executionArn);
      if (status === "RUNNING") throw new Error(`${executionArn} is still RUNNING`);
      return status;
    },
    { timeout: 60_000, interval: 200 },
  );
}

/** Runs a README command with the AWS CLI pointed at the dev server, as the README sets it up. */
function run(command: string, server: RunningDevServer, variables: Record<string, string> = {}) {
  const result = spawnSync("bash", ["-c", command], {
    cwd: commandDir,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      // As in a user's shell: without the npm_* variables of the npm that started the tests.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_"))),
      AWS_ENDPOINT_URL_LAMBDA: server.url,
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      ...variables,
    },
  });
  expect(result.status, `${command}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

const awsCli = spawnSync("aws", ["--version"], { encoding: "utf8" }).status === 0;
if (!awsCli)
  console.warn("The AWS CLI is not installed: the README's aws commands were not run (pip install awscli)");

describe("the application on the dev server (npm run dev)", { timeout: 120_000 }, () => {
  it("runs an order approved through the approval function", async () => {
    const { server, client, executions } = await devServer();

    const executionArn = await executions.start("orders", order, { name: "o-200" });
    const body = JSON.stringify({
      callbackId: await approvalCallbackId(server, "o-200"),
      decision: "approve",
      approver: "ada",
    });
    const response = await createApprovalHandler({ lambdaClient: client })(
      approvalRequestEvent(body),
      localLambdaContext("approvals"),
    );

    expect(response.statusCode).toBe(200);
    expect(await finalStatus(executions, executionArn)).toBe("SUCCEEDED");
    const { output } = await executions.describe(executionArn);
    expect(JSON.parse(output ?? "null")).toMatchObject({
      orderId: "o-200",
      approvedBy: "ada",
      status: "FULFILLED",
    });
    expect(server.output()).toContain('"message":"parcels collected"');
  });
});

describe("the README's durable-lambda commands against the dev server", { timeout: 120_000 }, () => {
  it("start an order by name, approve it and watch it succeed", async () => {
    const { server, executions } = await devServer();
    const [start, approve, list, describeCommand] = readmeCommands("dev");

    const executionArn = run(start ?? "false", server).trim();
    const variables = { CALLBACK_ID: await approvalCallbackId(server, "o-200"), EXECUTION_ARN: executionArn };
    run(approve ?? "false", server, variables);

    expect(executionArn).toMatch(/:function:orders:\$LATEST\/durable-execution\/o-200\//);
    expect(await finalStatus(executions, executionArn)).toBe("SUCCEEDED");
    expect(run(list ?? "false", server, variables)).toMatch(/o-200\s+SUCCEEDED/);
    expect(run(describeCommand ?? "false", server, variables)).toContain("SUCCEEDED");
  });

  it("reject an order, which fails with OrderRejectedError", async () => {
    const { server, executions } = await devServer();
    const [start] = readmeCommands("dev");
    const [reject] = readmeCommands("dev-reject");

    const executionArn = run(start ?? "false", server).trim();
    run(reject ?? "false", server, { CALLBACK_ID: await approvalCallbackId(server, "o-200") });

    expect(await finalStatus(executions, executionArn)).toBe("FAILED");
    const description = await executions.describe(executionArn);
    expect(description).toMatchObject({ error: "OrderRejectedError" });
    expect(description.cause).toContain("rejected by ada: over budget");
  });
});

describe.runIf(awsCli)("the README's AWS CLI commands against the dev server", { timeout: 120_000 }, () => {
  it("start an order by name, approve it and watch it succeed", async () => {
    const { server, executions } = await devServer();
    const [invoke, approve, ...watch] = readmeCommands("dev-aws");

    const started = JSON.parse(run(invoke ?? "false", server)) as {
      StatusCode: number;
      DurableExecutionArn: string;
    };
    const variables = {
      CALLBACK_ID: await approvalCallbackId(server, "o-200"),
      EXECUTION_ARN: started.DurableExecutionArn,
    };
    run(approve ?? "false", server, variables);

    expect(started.StatusCode).toBe(202);
    expect(await finalStatus(executions, started.DurableExecutionArn)).toBe("SUCCEEDED");
    const outputs = watch.map((command) => run(command, server, variables));
    expect(JSON.parse(outputs[0] ?? "{}")).toMatchObject({
      DurableExecutions: [{ DurableExecutionName: "o-200", Status: "SUCCEEDED" }],
    });
    expect(JSON.parse(outputs[1] ?? "{}")).toMatchObject({
      Status: "SUCCEEDED",
      DurableExecutionName: "o-200",
    });
    expect(JSON.parse(outputs[2] ?? "{}").Events.at(-1)).toMatchObject({ EventType: "ExecutionSucceeded" });
  });
});
