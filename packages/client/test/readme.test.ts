import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { stubLocalEnvironment } from "./support/local-service.js";

// Every TypeScript sample of the README is a file in test/readme/: the package's typecheck compiles
// it, this suite runs it against the local durable service over HTTP, and the README must show it
// verbatim, so the samples cannot rot.
const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const sampleDir = join(here, "readme");
const blocks = [...readme.matchAll(/```ts (test\/readme\/[\w-]+\.ts)\n([\s\S]*?)```/g)].map((match) => ({
  path: match[1] as string,
  code: match[2] as string,
}));

describe("the README", () => {
  it("shows every sample file verbatim, and nothing else as TypeScript", () => {
    const files = readdirSync(sampleDir).map((file) => `test/readme/${file}`);
    expect(blocks.map((block) => block.path).sort()).toEqual(files.sort());
    for (const block of blocks) {
      expect(block.code, block.path).toBe(readFileSync(join(here, "..", block.path), "utf8"));
    }
    expect(readme.match(/```ts\b/g)?.length).toBe(blocks.length);
  });
});

describe("the README samples, against the local service over HTTP", () => {
  let runner: LocalDurableRunner;
  let log: MockInstance<typeof console.log>;
  const callbackWaiters = new Map<string, (callbackId: string) => void>();
  /** Resolves with the callback id the orders function logs for `orderId`. */
  const callbackOf = (orderId: string) =>
    new Promise<string>((resolve) => {
      callbackWaiters.set(orderId, resolve);
    });

  beforeAll(async () => {
    const { handler } = await import("./readme/orders-function.js");
    runner = new LocalDurableRunner({ functionName: "orders", transport: "http", handler });
    await runner.start();
    stubLocalEnvironment(runner);
    log = vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      const match = /^approve order (\S+) with callback (\S+)$/.exec(String(line));
      if (match !== null) callbackWaiters.get(match[1] as string)?.(match[2] as string);
    });
  });
  afterAll(async () => {
    log.mockRestore();
    vi.unstubAllEnvs();
    await runner.close();
  });

  it("start, callbacks, describe and history: an approved order", async () => {
    const { placeOrder } = await import("./readme/start.js");
    const { approve } = await import("./readme/callbacks.js");
    const { summarize } = await import("./readme/describe.js");
    const { timeline } = await import("./readme/history.js");
    const asked = callbackOf("1");

    const executionArn = await placeOrder("1");
    await approve(await asked);
    await runner.service.waitForCompletion(executionArn);

    expect(await placeOrder("1")).toBe(executionArn);
    expect(await summarize(executionArn)).toEqual({
      status: "SUCCEEDED",
      output: JSON.stringify({ approval: "approved by Ada", charged: "charged 2 items" }),
      error: undefined,
      redriveStatus: "NOT_REDRIVABLE",
      // execution 1, reserve 1, cool-off 1, approval 3 (context, callback, submitter step), charge 1.
      billedOperations: 7,
    });
    expect(await timeline(executionArn)).toContain("CallbackSucceeded");
  });

  it("callbacks and list: a rejected order is listed as failed", async () => {
    const { placeOrder } = await import("./readme/start.js");
    const { reject } = await import("./readme/callbacks.js");
    const { failedOrderNames } = await import("./readme/list.js");
    const asked = callbackOf("2");

    const executionArn = await placeOrder("2");
    await reject(await asked);
    await runner.service.waitForCompletion(executionArn);

    expect(await failedOrderNames()).toContain("order-2");
  });

  it("stop: a cancelled order is STOPPED", async () => {
    const { placeOrder } = await import("./readme/start.js");
    const { cancelOrder } = await import("./readme/stop.js");
    const { summarize } = await import("./readme/describe.js");
    const asked = callbackOf("3");
    const executionArn = await placeOrder("3");
    await asked;

    const stopDate = await cancelOrder(executionArn);

    await runner.service.waitForCompletion(executionArn);
    expect(stopDate).toBeInstanceOf(Date);
    expect(await summarize(executionArn)).toMatchObject({ status: "STOPPED", error: "OrderCancelled" });
  });

  it("redrive: a failed order continues from the failed charge once the provider is back", async () => {
    const { paymentProvider } = await import("./readme/orders-function.js");
    const { placeOrder } = await import("./readme/start.js");
    const { approve } = await import("./readme/callbacks.js");
    const { summarize } = await import("./readme/describe.js");
    const { retryFailedOrder } = await import("./readme/redrive.js");
    paymentProvider.down = true;
    const asked = callbackOf("4");
    const executionArn = await placeOrder("4");
    await approve(await asked);
    await runner.service.waitForCompletion(executionArn);
    paymentProvider.down = false;

    const redriveArn = await retryFailedOrder(executionArn);
    await runner.service.waitForCompletion(redriveArn as string);
    const refused = await retryFailedOrder(redriveArn as string);

    expect(await summarize(redriveArn as string)).toMatchObject({ status: "SUCCEEDED" });
    expect(runner.inspect(redriveArn as string).eventTypes()).not.toContain("CallbackStarted");
    expect(refused).toBeUndefined();
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(/^not redrivable \(status\): Cannot redrive .* SUCCEEDED/),
    );
  });
});
