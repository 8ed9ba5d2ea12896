import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handler, type OrderResult } from "../src/order-workflow.js";

const demoDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const demoInput = JSON.parse(readFileSync(join(demoDir, "order-1001.json"), "utf8"));

describe("order workflow", () => {
  let runner: LocalDurableRunner | undefined;
  afterEach(async () => {
    await runner?.close();
    runner = undefined;
  });

  it("fulfils the order: wait skipped, payment retried once, shipped in a child context", async () => {
    const log = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    runner = new LocalDurableRunner({ handler });
    const result = await runner.run({
      input: { orderId: "order-7", items: [{ sku: "A", quantity: 3, unitPrice: 2.5 }] },
    });
    log.mockRestore();

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({
      orderId: "order-7",
      status: "FULFILLED",
      total: 7.5,
      reservationId: "rsv-order-7",
      paymentId: "pay-order-7",
      paymentAttempts: 2,
      trackingNumber: "TRK-ORDER-7",
      carrier: "ACME Freight",
    } satisfies OrderResult);

    // The payment step failed on attempt 1 and succeeded on attempt 2.
    const payment = result.getOperation("charge payment");
    expect(payment?.Status).toBe("SUCCEEDED");
    expect(payment?.StepDetails?.Attempt).toBe(2);
    expect(result.getEvents("StepFailed").map((event) => event.Name)).toEqual(["charge payment"]);

    // The cool-off wait happened on the virtual clock.
    expect(result.eventTypes()).toEqual(expect.arrayContaining(["WaitStarted", "WaitSucceeded"]));
    expect(result.getOperation("cool-off")?.Type).toBe("WAIT");

    // The child context and its two steps.
    const ship = result.getOperation("ship");
    expect(ship?.Type).toBe("CONTEXT");
    expect(ship?.Status).toBe("SUCCEEDED");
    expect(result.getChildOperations(ship ?? "").map((operation) => operation.Name)).toEqual([
      "create label",
      "notify customer",
    ]);

    // Invocation 1 ends at the wait, 2 at the payment retry, 3 finishes.
    expect(result.invocations.map((invocation) => invocation.output?.Status)).toEqual([
      "PENDING",
      "PENDING",
      "SUCCEEDED",
    ]);
  });

  it("logs each message once, despite replays", async () => {
    const lines: string[] = [];
    const log = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    runner = new LocalDurableRunner({ handler });
    const result = await runner.run({ input: demoInput });
    log.mockRestore();

    expect(result.status).toBe("SUCCEEDED");
    const messages = lines
      .join("")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => String((JSON.parse(line) as { message: unknown }).message).split(" {")[0]);
    expect(messages).toEqual(["order received", "inventory reserved", "payment captured", "order shipped"]);
  });
});

describe("npm start", () => {
  it("runs the workflow with durable-lambda run and prints invocations, outcome, operations and history", async () => {
    const start = JSON.parse(readFileSync(join(demoDir, "package.json"), "utf8")).scripts.start as string;
    const args = start.split(" ");
    expect(args.slice(0, 2)).toEqual(["durable-lambda", "run"]);
    const bin = join(demoDir, "..", "..", "packages", "cli", "bin", "durable-lambda.js");

    const { stdout } = await promisify(execFile)(process.execPath, [bin, ...args.slice(1)], { cwd: demoDir });

    const lines = stdout.split("\n");
    for (const heading of ["== Invocations ==", "== Outcome ==", "== Operations ==", "== History =="]) {
      expect(lines).toContain(heading);
    }
    expect(lines).toContain("status: SUCCEEDED");
    expect(stdout).toMatch(/^1 +[0-9a-f]{8} +\S+ \(\+0h00m00s\) +PENDING$/m);
    expect(stdout).toMatch(/^3 +[0-9a-f]{8} +\S+ \(\+1h00m05s\) +SUCCEEDED$/m);
    expect(stdout).toMatch(/^charge payment +STEP\/Step +SUCCEEDED +2$/m);
    expect(stdout).toMatch(/^ {2}create label +STEP\/Step +SUCCEEDED +1$/m);
    expect(stdout).toMatch(/WaitSucceeded +cool-off$/m);
    expect(stdout).toMatch(/ExecutionSucceeded$/m);
    expect(stdout).toContain('"total": 138.9');
  });
});
