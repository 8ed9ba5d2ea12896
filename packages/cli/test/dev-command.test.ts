import { hostname, networkInterfaces } from "node:os";
import {
  GetDurableExecutionCommand,
  type LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCliProcess } from "./support/cli-process.js";
import {
  APPROVALS_DEV_ARGS,
  type DevProcess,
  eventually,
  localLambdaClient,
  PROCESS_TEST_TIMEOUT_MS,
  pageToken,
  rawRequest,
  startDevProcess,
  uiAction,
} from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

let dev: DevProcess;
let client: LambdaClient;
let token: string;

beforeAll(async () => {
  dev = await startDevProcess(APPROVALS_DEV_ARGS);
  client = localLambdaClient(dev.url);
  token = await pageToken(dev.url);
});

afterAll(async () => {
  client?.destroy();
  await dev?.stop();
});

async function startExecution(name: string): Promise<string> {
  const started = await uiAction(
    dev.url,
    "start",
    { functionName: "approvals", executionName: name, input: '{"item":"desk"}' },
    token,
  );
  expect(started.status).toBe(200);
  const arn = new URL(started.body.location ?? "", dev.url).searchParams.get("arn");
  if (arn === null) throw new Error(`no execution in ${JSON.stringify(started.body)}`);
  return arn;
}

async function callbackIdOf(arn: string): Promise<string> {
  return eventually("the approval callback", async () => {
    const page = await (await fetch(`${dev.url}/executions?arn=${encodeURIComponent(arn)}`)).text();
    return /name="callbackId" value="([^"]+)"/.exec(page)?.[1];
  });
}

describe("durable-lambda dev", () => {
  it("prints its API and UI URLs on loopback", () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dev.output()).toContain(`web UI: ${dev.url}/`);
    expect(dev.output()).not.toContain(token);
  });

  it("runs an execution to the end when its callback is answered with the AWS SDK", async () => {
    const arn = await startExecution("sdk-answer");
    const callbackId = await callbackIdOf(arn);

    await client.send(
      new SendDurableExecutionCallbackSuccessCommand({
        CallbackId: callbackId,
        Result: new TextEncoder().encode('"yes"'),
      }),
    );

    const finished = await eventually("SUCCEEDED", async () => {
      const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      return execution.Status === "SUCCEEDED" ? execution : undefined;
    });
    expect(JSON.parse(finished.Result ?? "")).toMatchObject({ decision: '"yes"', shipment: "TRK-1" });
  });

  it("prints one line per execution event, without payloads", async () => {
    await dev.waitForOutput('approvals/sdk-answer  Step "charge" SUCCEEDED (attempt 2)');
    expect(dev.output()).toContain("approvals/sdk-answer  execution SUCCEEDED");
    expect(dev.output()).not.toContain("TRK-1");
  });
});

describe("durable-lambda dev security", () => {
  it("refuses a request whose Host is not the server's address (DNS rebinding)", async () => {
    const answer = await rawRequest(dev.url, { headers: { host: "attacker.example:80" } });

    expect(answer.status).toBe(403);
    expect(answer.body).toContain("is not this server's address");
  });

  it("refuses a request from another origin, even with the token", async () => {
    const answer = await rawRequest(dev.url, {
      method: "POST",
      path: "/ui/actions/start",
      headers: {
        host: new URL(dev.url).host,
        origin: "http://attacker.example",
        "content-type": "application/json",
        "x-durable-lambda-token": token,
      },
      body: '{"functionName":"approvals"}',
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toContain("http://attacker.example");
  });

  it("refuses a mutating UI request without the token or with a wrong one", async () => {
    const missing = await uiAction(dev.url, "start", { functionName: "approvals" }, "");
    const wrong = await uiAction(dev.url, "start", { functionName: "approvals" }, `${token}x`);

    expect(missing.status).toBe(403);
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toContain("does not carry this server's token");
  });

  it("refuses an unsigned mutating Lambda API request (a cross-site form post)", async () => {
    const answer = await rawRequest(dev.url, {
      method: "POST",
      path: "/2025-12-01/durable-execution-callbacks/abc/succeed",
      headers: { host: new URL(dev.url).host, "content-type": "text/plain" },
      body: "x",
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toContain("must be signed");
  });

  it("sends no CORS headers, not even to a preflight", async () => {
    const preflight = await rawRequest(dev.url, {
      method: "OPTIONS",
      path: "/ui/actions/stop",
      headers: {
        host: new URL(dev.url).host,
        origin: "http://attacker.example",
        "access-control-request-method": "POST",
      },
    });
    const page = await rawRequest(dev.url, { headers: { host: new URL(dev.url).host } });

    expect(preflight.status).toBe(403);
    for (const answer of [preflight, page]) {
      expect(Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("listens on loopback only", async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address !== undefined && address.family === "IPv4" && !address.internal);
    if (external === undefined) {
      console.warn(
        "no non-loopback IPv4 interface on this machine: the loopback-only check has nothing to connect to",
      );
      return;
    }
    const port = new URL(dev.url).port;

    await expect(fetch(`http://${external.address}:${port}/`)).rejects.toThrow();
  });
});

describe("durable-lambda dev --host 0.0.0.0 (every interface)", () => {
  let everywhere: DevProcess;

  beforeAll(async () => {
    everywhere = await startDevProcess([...APPROVALS_DEV_ARGS, "--host", "0.0.0.0"]);
  });

  afterAll(async () => {
    await everywhere?.stop();
  });

  it("warns that other machines can reach it", () => {
    expect(everywhere.output()).toContain("warning: listening on 0.0.0.0, not loopback");
  });

  it("answers to this machine's host name, interface addresses and loopback names", async () => {
    const port = new URL(everywhere.url).port;
    const names = [
      hostname().toLowerCase(),
      "localhost",
      "127.0.0.1",
      ...Object.values(networkInterfaces())
        .flat()
        .filter((address) => address?.family === "IPv4")
        .map((address) => address?.address),
    ];

    for (const name of names) {
      const answer = await rawRequest(everywhere.url, { headers: { host: `${name}:${port}` } });
      expect({ name, status: answer.status }).toEqual({ name, status: 200 });
    }
  });

  it("still refuses any other Host (DNS rebinding), without listing the machine's addresses", async () => {
    const port = new URL(everywhere.url).port;
    const answer = await rawRequest(everywhere.url, { headers: { host: `attacker.example:${port}` } });

    expect(answer.status).toBe(403);
    expect(answer.body).toContain(`is not this server's address (it listens on 0.0.0.0:${port})`);
    expect(answer.body).not.toContain(hostname());
  });
});

describe("durable-lambda dev with bad arguments", () => {
  it("without a module: exits 2 with the usage", async () => {
    const { code, stderr } = await runCliProcess(["dev"]);

    expect(code).toBe(2);
    expect(stderr).toContain("error: missing required argument 'module'");
    expect(stderr).toContain("Usage: durable-lambda dev [options] <module...>");
  });

  it("with a port out of range: exits 2 naming the option", async () => {
    const { code, stderr } = await runCliProcess(["dev", "approval.ts", "--port", "70000"]);

    expect(code).toBe(2);
    expect(stderr).toContain(
      "option '--port <port>' argument '70000' is invalid. expected a whole number from 0 to 65535.",
    );
  });

  it("with two modules under one function name: exits 1 saying how to fix it", async () => {
    const { code, stderr } = await runCliProcess([
      "dev",
      "approval.ts",
      "greeting.ts#greet",
      "--function-name",
      "greeting",
      "--port",
      "0",
    ]);

    expect(code).toBe(1);
    expect(stderr).toContain('two modules would both be function "greeting"');
  });

  it("with a module that does not exist: exits 1 naming it", async () => {
    const { code, stderr } = await runCliProcess(["dev", "nowhere.ts", "--port", "0"]);

    expect(code).toBe(1);
    expect(stderr).toContain("nowhere.ts does not exist");
  });
});
