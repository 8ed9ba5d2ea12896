// Runs one order through the whole application on the local durable service (over HTTP, time
// skipped): `npm run order -w apps/order-service -- [options]`. The functions' Powertools logs are
// printed as they are written, then the outcome and the operations. Exit code: 0 when the order
// SUCCEEDED, 1 when it did not, 2 for a bad command line.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { LocalRunResult } from "@durable-lambda/testing";
import { type LocalDecision, LocalOrderService, sampleOrder } from "../dist/local/local-order-service.js";
import { createStandInWarehouse } from "../dist/services/warehouse.js";

const USAGE = `usage: npm run order -w apps/order-service -- [options]
  --approver <name>      who approves (default: grace)
  --reject <reason>      reject the order instead
  --no-answer            answer nothing: the approval times out after 24 hours (skipped)
  --unavailable <sku>    make a SKU out of stock (repeatable): its line fails
  --redrive              if the order failed: restock, then redrive it (@durable-lambda/client)
  --order-file <file>    the order event as JSON (default: a two-line sample order)`;

function commandLine() {
  try {
    return parseArgs({
      options: {
        approver: { type: "string", default: "grace" },
        reject: { type: "string" },
        "no-answer": { type: "boolean", default: false },
        unavailable: { type: "string", multiple: true, default: [] },
        "order-file": { type: "string" },
        redrive: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const options = commandLine();
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (options.reject !== undefined && options["no-answer"]) {
  process.stderr.write(`--reject and --no-answer exclude each other\n${USAGE}\n`);
  process.exit(2);
}
const order = options["order-file"] ? JSON.parse(readFileSync(options["order-file"], "utf8")) : sampleOrder();
const decision: LocalDecision | undefined = options["no-answer"]
  ? undefined
  : options.reject !== undefined
    ? { decision: "reject", approver: options.approver, reason: options.reject }
    : { decision: "approve", approver: options.approver };
let unavailable = options.unavailable;

/** The outcome of one execution, then its operations, one line each. */
function report(result: LocalRunResult, heading: string): string[] {
  return [
    "",
    heading,
    `execution ${result.executionArn}`,
    `status    ${result.status}`,
    result.status === "SUCCEEDED"
      ? `result    ${JSON.stringify(result.result)}`
      : `error     ${result.error?.ErrorType}: ${result.error?.ErrorMessage}`,
    `invocations ${result.invocations.length}`,
    "operations:",
    ...result.operations.map(
      (operation) =>
        `  ${(operation.Name ?? `(${operation.SubType})`).padEnd(22)} ${operation.Type?.padEnd(15)} ${operation.Status}`,
    ),
  ];
}

const local = await new LocalOrderService({
  services: { warehouse: createStandInWarehouse({ unavailableSkus: () => unavailable }) },
}).start();
try {
  const { result, response } = await local.runOrder(order, decision);
  const approval = response
    ? `approval API answered ${response.statusCode}: ${response.body}`
    : "approval: not answered";
  process.stdout.write(`${report(result, approval).join("\n")}\n`);
  let final = result;
  if (options.redrive && result.status !== "SUCCEEDED") {
    unavailable = []; // restocked: the fix a redrive continues from
    const { executionArn } = await local.executions.redrive(result.executionArn);
    final = await local.waitForEnd(executionArn);
    process.stdout.write(`${report(final, "restocked and redriven:").join("\n")}\n`);
  }
  process.exitCode = final.status === "SUCCEEDED" ? 0 : 1;
} finally {
  await local.close();
}
