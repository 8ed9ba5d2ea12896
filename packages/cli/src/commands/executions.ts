import { DurableExecutions, type ExecutionStatus } from "@durable-lambda/client";
import { historyTable, textTable } from "@durable-lambda/testing";
import { collectHistory } from "../client/fetch-snapshot.js";
import { type ConnectionOptions, createLambdaClient } from "../client/lambda-client-options.js";
import { ExitCode } from "../errors/cli-errors.js";
import type { CommandIo } from "./command-io.js";
import { describeServiceError } from "./service-errors.js";

/** Options every `executions` command takes. */
export interface ExecutionsCommandOptions extends ConnectionOptions {
  /** Print exactly what the client returned, as one JSON document. */
  json?: boolean;
}

/**
 * Runs `work` with a {@link DurableExecutions} client for the connection options, turning
 * service errors into one-line CLI errors.
 */
export async function withDurableExecutions<T>(
  options: ConnectionOptions,
  io: CommandIo,
  action: string,
  work: (executions: DurableExecutions) => Promise<T>,
): Promise<T> {
  const client = createLambdaClient(options, io.env);
  try {
    return await work(new DurableExecutions({ client }));
  } catch (error) {
    throw describeServiceError(error, action);
  } finally {
    client.destroy();
  }
}

function printJson(io: CommandIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

function dateText(date: Date | undefined): string {
  return date === undefined ? "-" : date.toISOString();
}

/** `executions list <function>`: the function's executions, newest first. */
export async function listExecutionsCommand(
  functionName: string,
  options: ExecutionsCommandOptions & { status?: ExecutionStatus[] },
  io: CommandIo,
): Promise<ExitCode> {
  const executions = await withDurableExecutions(
    options,
    io,
    `list executions of ${functionName}`,
    async (client) => {
      const found = [];
      for await (const execution of client.list(functionName, {
        reverseOrder: true,
        ...(options.status === undefined ? {} : { statuses: options.status }),
      })) {
        found.push(execution);
      }
      return found;
    },
  );
  if (options.json) {
    printJson(io, executions);
    return ExitCode.success;
  }
  io.out(
    textTable(
      ["name", "status", "started", "stopped", "arn"],
      executions.map((execution) => [
        execution.name,
        execution.status,
        dateText(execution.startDate),
        dateText(execution.stopDate),
        execution.executionArn,
      ]),
    ),
  );
  return ExitCode.success;
}

/** `executions describe <arn>`: the Step Functions-style description with redrive fields and metering. */
export async function describeExecutionCommand(
  arn: string,
  options: ExecutionsCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const description = await withDurableExecutions(options, io, `describe ${arn}`, (client) =>
    client.describe(arn),
  );
  if (options.json) {
    printJson(io, description);
    return ExitCode.success;
  }
  const { metering, inputDetails, outputDetails, ...fields } = description;
  const rows = Object.entries(fields).map(([key, value]) => [
    key,
    value instanceof Date ? value.toISOString() : String(value),
  ]);
  rows.push(
    ["billedOperations", String(metering.billedOperations)],
    ["bytesWritten", String(metering.bytesWritten)],
  );
  io.out(textTable(["field", "value"], rows));
  return ExitCode.success;
}

/** `executions history <arn>`: every event, with payloads in `--json`. */
export async function executionHistoryCommand(
  arn: string,
  options: ExecutionsCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const events = await withDurableExecutions(options, io, `history of ${arn}`, (client) =>
    collectHistory(client, arn),
  );
  if (options.json) {
    printJson(io, events);
    return ExitCode.success;
  }
  io.out(historyTable(events, events[0]?.EventTimestamp?.getTime() ?? 0));
  return ExitCode.success;
}

/** `executions stop <arn>`: stops a running execution. */
export async function stopExecutionCommand(
  arn: string,
  options: ExecutionsCommandOptions & { errorType?: string; errorMessage?: string },
  io: CommandIo,
): Promise<ExitCode> {
  const stopped = await withDurableExecutions(options, io, `stop ${arn}`, (client) =>
    client.stop(arn, {
      ...(options.errorType === undefined ? {} : { errorType: options.errorType }),
      ...(options.errorMessage === undefined ? {} : { errorMessage: options.errorMessage }),
    }),
  );
  if (options.json) printJson(io, stopped);
  else io.out(`stopped ${arn} at ${stopped.stopDate.toISOString()}`);
  return ExitCode.success;
}

/** `executions redrive <arn>`: continues an unsuccessful execution from where it failed. */
export async function redriveExecutionCommand(
  arn: string,
  options: ExecutionsCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const redriven = await withDurableExecutions(options, io, `redrive ${arn}`, (client) =>
    client.redrive(arn),
  );
  if (options.json) printJson(io, redriven);
  else io.out(redriven.executionArn);
  return ExitCode.success;
}

/** `executions start <function>`: starts an execution (an `Invoke` with a durable execution name). */
export async function startExecutionCommand(
  functionName: string,
  options: ExecutionsCommandOptions & { input?: unknown; name?: string },
  io: CommandIo,
): Promise<ExitCode> {
  const arn = await withDurableExecutions(options, io, `start ${functionName}`, (client) =>
    client.start(functionName, options.input ?? {}, options.name === undefined ? {} : { name: options.name }),
  );
  if (options.json) printJson(io, arn);
  else io.out(arn);
  return ExitCode.success;
}
