import type { Operation } from "@aws-sdk/client-lambda";
import { formatOffset, LocalDurableRunner } from "@durable-lambda/testing";
import { ExitCode } from "../errors/cli-errors.js";
import { loadHandler, parseHandlerReference } from "../handler/load-handler.js";
import { printRunReport } from "../report/run-report.js";
import type { CommandIo } from "./command-io.js";
import { readEventInput } from "./option-parsers.js";

/** Options of the `run` command. */
export interface RunCommandOptions {
  /** The event, already parsed from `--input`. */
  input?: unknown;
  inputFile?: string;
  name?: string;
  functionName?: string;
  /** False with `--no-skip-time`: waits and retry delays take real time. */
  skipTime: boolean;
}

/** Longest real-time wait a timer accepts (about 24.8 days): the idle limit without time skipping. */
const LONGEST_TIMER_MS = 2_147_483_647;

function describeOperation(operation: Operation): string {
  const kind = operation.SubType ?? operation.Type ?? "operation";
  const attempt =
    operation.StepDetails?.Attempt === undefined ? "" : ` (attempt ${operation.StepDetails.Attempt})`;
  return `${kind} ${JSON.stringify(operation.Name ?? operation.Id)} ${operation.Status}${attempt}`;
}

/**
 * `durable-lambda run <module>[#export]`: runs the handler to the end on the in-process local
 * service, printing progress on stderr and the report on stdout.
 *
 * @returns {@link ExitCode.success} when the execution SUCCEEDED, {@link ExitCode.failure} otherwise.
 * @example
 * ```ts
 * const code = await runCommand("src/order.ts#handler", { skipTime: true }, processIo());
 * ```
 */
export async function runCommand(
  reference: string,
  options: RunCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const handlerReference = parseHandlerReference(reference, io.cwd);
  const input = readEventInput(options, io.cwd);
  const { handler } = await loadHandler(handlerReference);
  let invocation = 0;
  let origin: number | undefined;
  const runner = new LocalDurableRunner({
    handler: async (event, context) => {
      invocation += 1;
      origin ??= runner.clock.now();
      io.err(`[${formatOffset(runner.clock.now() - origin)}] invocation ${invocation}`);
      return handler(event, context);
    },
    functionName: options.functionName ?? handlerReference.defaultFunctionName,
    skipTime: options.skipTime,
    ...(options.skipTime ? {} : { idleTimeoutMs: LONGEST_TIMER_MS }),
  });
  const stopWatching = runner.service.onChange((change) => {
    const elapsed = formatOffset(runner.clock.now() - (origin ?? runner.clock.now()));
    if (change.kind === "operation" && change.operation.Type === "EXECUTION") return;
    if (change.kind === "operation") io.err(`[${elapsed}]   ${describeOperation(change.operation)}`);
    else io.err(`[${elapsed}] execution ${change.status}`);
  });
  try {
    io.err(
      `Running ${handlerReference.file} on the local durable service (${options.skipTime ? "time skipped" : "real time"})`,
    );
    const result = await runner.run({
      input,
      ...(options.name === undefined ? {} : { executionName: options.name }),
    });
    printRunReport(result, io.out);
    if (result.status === "RUNNING") {
      io.err(
        "The execution is still RUNNING: it waits for something `run` cannot give it (a callback answer). " +
          "Run it under `durable-lambda dev` to answer callbacks.",
      );
    }
    return result.status === "SUCCEEDED" ? ExitCode.success : ExitCode.failure;
  } finally {
    stopWatching();
    await runner.close();
  }
}
