import type { Command } from "commander";
import type { ExitCode } from "../errors/cli-errors.js";
import type { CommandIo } from "./command-io.js";
import { parseJsonArgument } from "./json-input.js";
import { runCommand } from "./run.js";

/** Adds every command to the program. */
export function registerCommands(
  program: Command,
  io: CommandIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command("run")
    .description("Run a durable handler to the end on the local durable service and print what happened.")
    .argument("<module>", "handler module (.ts, .js, .mjs, .cjs), optionally with #export (default: handler)")
    .option("--input <json>", "the event, as JSON", parseJsonArgument)
    .option("--input-file <file>", "read the event from a JSON file")
    .option("--name <name>", "execution name (default: a new UUID)")
    .option("--function-name <name>", "function name in ARNs (default: the module's file name)")
    .option("--no-skip-time", "let waits and retry delays take real time (default: skip them)")
    .addHelpText(
      "after",
      '\nExample:\n  $ durable-lambda run src/order-workflow.ts#handler --input \'{"orderId":"o-1"}\'\n' +
        "\nExit code: 0 when the execution SUCCEEDED, 1 otherwise, 2 for a bad command line.",
    )
    .action(async (module: string, options) => setExitCode(await runCommand(module, options, io)));
}
