import type { ExecutionStatus } from "@durable-lambda/client";
import { type Command, InvalidArgumentError } from "commander";
import type { ExitCode } from "../errors/cli-errors.js";
import type { CommandIo } from "./command-io.js";
import { withConnectionOptions } from "./connection-options.js";
import { parseJsonArgument } from "./option-parsers.js";

const EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "STOPPED",
];
const EXAMPLE_ARN = "'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/o-1/…'";
const LOCAL = "--endpoint-url http://127.0.0.1:9014";

function collectStatus(value: string, previous: ExecutionStatus[] | undefined): ExecutionStatus[] {
  const status = value.toUpperCase() as ExecutionStatus;
  if (!EXECUTION_STATUSES.includes(status)) {
    throw new InvalidArgumentError(`expected one of ${EXECUTION_STATUSES.join(", ")}.`);
  }
  return [...(previous ?? []), status];
}

function example(lines: string): string {
  return `\nExample:\n  $ ${lines}`;
}

/** Adds `executions …` and `callback …`: the control plane, through @durable-lambda/client. */
export function registerManagementCommands(
  program: Command,
  io: CommandIo,
  setExitCode: (code: ExitCode) => void,
): void {
  const executions = program
    .command("executions")
    .description("List, describe, start, stop and redrive durable executions (AWS or any endpoint).");
  const jsonOption = (command: Command) =>
    withConnectionOptions(command).option(
      "--json",
      "print exactly what the client returned, as one JSON document",
    );

  jsonOption(
    executions
      .command("list")
      .description("List a function's executions, newest first.")
      .argument("<function>", "function name or ARN"),
  )
    .option(
      "--status <status>",
      `only executions in this status (repeatable): ${EXECUTION_STATUSES.join(", ")}`,
      collectStatus,
    )
    .addHelpText("after", example(`durable-lambda executions list orders --status RUNNING ${LOCAL}`))
    .action(async (fn: string, options) =>
      setExitCode(await (await import("./executions.js")).listExecutionsCommand(fn, options, io)),
    );

  jsonOption(
    executions
      .command("describe")
      .description("Describe an execution: status, input, output, redrive fields, metering.")
      .argument("<arn>", "durable execution ARN"),
  )
    .addHelpText("after", example(`durable-lambda executions describe ${EXAMPLE_ARN} ${LOCAL}`))
    .action(async (arn: string, options) =>
      setExitCode(await (await import("./executions.js")).describeExecutionCommand(arn, options, io)),
    );

  jsonOption(
    executions
      .command("history")
      .description("Print an execution's history events (with payloads in --json).")
      .argument("<arn>", "durable execution ARN"),
  )
    .addHelpText("after", example(`durable-lambda executions history ${EXAMPLE_ARN} --json ${LOCAL}`))
    .action(async (arn: string, options) =>
      setExitCode(await (await import("./executions.js")).executionHistoryCommand(arn, options, io)),
    );

  jsonOption(
    executions
      .command("start")
      .description("Start an execution of a durable function.")
      .argument("<function>", "function name or ARN"),
  )
    .option("--input <json>", "the event, as JSON (default: {})", parseJsonArgument)
    .option("--name <name>", "execution name (default: generated)")
    .addHelpText(
      "after",
      example(`durable-lambda executions start orders --name o-1 --input '{"orderId":"o-1"}' ${LOCAL}`),
    )
    .action(async (fn: string, options) =>
      setExitCode(await (await import("./executions.js")).startExecutionCommand(fn, options, io)),
    );

  jsonOption(
    executions
      .command("stop")
      .description("Stop a running execution.")
      .argument("<arn>", "durable execution ARN"),
  )
    .option("--error-type <type>", "error type recorded on the stopped execution")
    .option("--error-message <message>", "error message recorded on the stopped execution")
    .addHelpText("after", example(`durable-lambda executions stop ${EXAMPLE_ARN} ${LOCAL}`))
    .action(async (arn: string, options) =>
      setExitCode(await (await import("./executions.js")).stopExecutionCommand(arn, options, io)),
    );

  jsonOption(
    executions
      .command("redrive")
      .description("Continue a FAILED, TIMED_OUT or STOPPED execution from where it stopped.")
      .argument("<arn>", "durable execution ARN"),
  )
    .addHelpText("after", example(`durable-lambda executions redrive ${EXAMPLE_ARN} ${LOCAL}`))
    .action(async (arn: string, options) =>
      setExitCode(await (await import("./executions.js")).redriveExecutionCommand(arn, options, io)),
    );

  const callback = program.command("callback").description("Answer a callback an execution waits for.");
  jsonOption(
    callback
      .command("succeed")
      .description("Complete a callback with a result.")
      .argument("<callbackId>", "the callback id"),
  )
    .option("--result <json>", "the result, sent as given (the handler receives this text)")
    .addHelpText(
      "after",
      example(`durable-lambda callback succeed "$CALLBACK_ID" --result '{"approved":true}' ${LOCAL}`),
    )
    .action(async (id: string, options) =>
      setExitCode(await (await import("./callback.js")).callbackSucceedCommand(id, options, io)),
    );
  jsonOption(
    callback
      .command("fail")
      .description("Fail a callback with an error.")
      .argument("<callbackId>", "the callback id"),
  )
    .option("--error-type <type>", "error type")
    .option("--error-message <message>", "error message")
    .option("--error-data <data>", "error data")
    .addHelpText(
      "after",
      example(`durable-lambda callback fail "$CALLBACK_ID" --error-message "rejected" ${LOCAL}`),
    )
    .action(async (id: string, options) =>
      setExitCode(await (await import("./callback.js")).callbackFailCommand(id, options, io)),
    );
  jsonOption(
    callback
      .command("heartbeat")
      .description("Tell the execution the callback is still being worked on.")
      .argument("<callbackId>", "the callback id"),
  )
    .addHelpText("after", example(`durable-lambda callback heartbeat "$CALLBACK_ID" ${LOCAL}`))
    .action(async (id: string, options) =>
      setExitCode(await (await import("./callback.js")).callbackHeartbeatCommand(id, options, io)),
    );
}
