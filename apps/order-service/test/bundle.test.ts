import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type LocalDurableHandler, LocalDurableRunner } from "@durable-lambda/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunctions, type FunctionBundle } from "../tools/bundle-functions.ts";
import { captureOutput } from "./support/captured-output.js";
import { approvalRequestEvent, localLambdaContext, sampleOrder } from "./support/order-service-harness.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));
// Inside the app (git-ignored), so the bundles resolve @aws-sdk/* from node_modules as the Lambda runtime provides it.
const outDir = join(appDir, ".generated", "test-functions");

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

let bundles: FunctionBundle[] = [];
beforeAll(async () => {
  bundles = await bundleFunctions(join(appDir, "template.yaml"), outDir);
});

function bundle(logicalId: string): FunctionBundle {
  const found = bundles.find((candidate) => candidate.logicalId === logicalId);
  if (found === undefined) throw new Error(`no bundle for ${logicalId}`);
  return found;
}

describe("the bundles", () => {
  it("are one ES module per function, with the AWS SDK left to the runtime", () => {
    expect(bundles.map((candidate) => candidate.logicalId)).toEqual([
      "OrdersFunction",
      "ShippingFunction",
      "ApprovalFunction",
    ]);
    for (const candidate of bundles) {
      expect(candidate.outFile.endsWith(`${candidate.logicalId}/index.mjs`)).toBe(true);
      expect(candidate.externalImports).toEqual(["@aws-sdk/client-lambda"]);
      const code = readFileSync(candidate.outFile, "utf8");
      expect(code.startsWith("import { createRequire } from 'node:module';")).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
      expect(candidate.bytes).toBeGreaterThan(0);
      expect(candidate.gzipBytes).toBeLessThan(candidate.bytes);
    }
  });

  it("leave the heavy durable dependencies out of the approval function", () => {
    expect(bundle("ApprovalFunction").bytes).toBeLessThan(bundle("OrdersFunction").bytes / 4);
  });
});

describe("the bundled functions, configured as template.yaml configures them", () => {
  const variables = [
    "AWS_ENDPOINT_URL_LAMBDA",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "SHIPPING_FUNCTION",
  ] as const;
  const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));
  let runner: LocalDurableRunner | undefined;
  afterAll(async () => {
    await runner?.close();
    for (const name of variables) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("run an approved order to the end on the local service", async () => {
    let orders: Handler | undefined;
    runner = new LocalDurableRunner({
      functionName: "orders",
      transport: "http",
      handler: (event, context) => (orders as Handler)(event, context),
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: await runner.start(),
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      SHIPPING_FUNCTION: "shipping",
    });
    const load = async (logicalId: string) =>
      ((await import(pathToFileURL(bundle(logicalId).outFile).href)) as { handler: Handler }).handler;
    orders = await load("OrdersFunction");
    runner.registerFunction("shipping", (await load("ShippingFunction")) as LocalDurableHandler, {
      durable: true,
    });
    const approvals = await load("ApprovalFunction");
    const output = captureOutput();

    const approval = runner.waitForOperation("manager approval");
    const running = runner.run({ input: sampleOrder("o-bundle") });
    const callbackId = await (await approval).getCallbackId();
    const body = JSON.stringify({ callbackId, decision: "approve", approver: "grace" });
    const response = await approvals(approvalRequestEvent(body), localLambdaContext("approvals"));
    const result = await running;
    output.restore();

    expect(response).toMatchObject({ statusCode: 200 });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toMatchObject({
      orderId: "o-bundle",
      approvedBy: "grace",
      shipment: { trackingNumber: "TRK-O-BUNDLE" },
    });
    expect(output.records().filter((record) => record.message === "order fulfilled")).toHaveLength(1);
  });
});
