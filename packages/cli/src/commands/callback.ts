import { ExitCode } from "../errors/cli-errors.js";
import type { CommandIo } from "./command-io.js";
import { type ExecutionsCommandOptions, withDurableExecutions } from "./executions.js";

/** Options of `callback fail`. */
export interface CallbackFailOptions extends ExecutionsCommandOptions {
  errorType?: string;
  errorMessage?: string;
  errorData?: string;
}

/** `callback succeed <id> [--result JSON]`: completes a callback with a result (sent as given). */
export async function callbackSucceedCommand(
  callbackId: string,
  options: ExecutionsCommandOptions & { result?: string },
  io: CommandIo,
): Promise<ExitCode> {
  await withDurableExecutions(options, io, `callback succeed ${callbackId}`, (client) =>
    client.sendCallbackSuccess(callbackId, options.result),
  );
  io.out(options.json ? "null" : `callback ${callbackId} succeeded`);
  return ExitCode.success;
}

/** `callback fail <id>`: fails a callback with an error. */
export async function callbackFailCommand(
  callbackId: string,
  options: CallbackFailOptions,
  io: CommandIo,
): Promise<ExitCode> {
  await withDurableExecutions(options, io, `callback fail ${callbackId}`, (client) =>
    client.sendCallbackFailure(callbackId, {
      ...(options.errorType === undefined ? {} : { errorType: options.errorType }),
      ...(options.errorMessage === undefined ? {} : { errorMessage: options.errorMessage }),
      ...(options.errorData === undefined ? {} : { errorData: options.errorData }),
    }),
  );
  io.out(options.json ? "null" : `callback ${callbackId} failed`);
  return ExitCode.success;
}

/** `callback heartbeat <id>`: tells the waiting execution the callback is still being worked on. */
export async function callbackHeartbeatCommand(
  callbackId: string,
  options: ExecutionsCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  await withDurableExecutions(options, io, `callback heartbeat ${callbackId}`, (client) =>
    client.sendCallbackHeartbeat(callbackId),
  );
  io.out(options.json ? "null" : `callback ${callbackId} heartbeat sent`);
  return ExitCode.success;
}
