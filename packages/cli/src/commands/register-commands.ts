import type { Command } from "commander";
import type { ExitCode } from "../errors/cli-errors.js";
import type { CommandIo } from "./command-io.js";
import { withConnectionOptions } from "./connection-options.js";
import { integerInRange, parseJsonArgument } from "./option-parsers.js";
import { registerManagementCommands } from "./register-management.js";

/** Adds every command to the program. Each loads its implementation when it runs, so `--help` starts fast. */
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
    .option("--skip-time", "skip waits and retry delays (the default)", true)
    .option("--no-skip-time", "let waits and retry delays take real time")
    .addHelpText(
      "after",
      '\nExample:\n  $ durable-lambda run src/order-workflow.ts#handler --input \'{"orderId":"o-1"}\'\n' +
        "\nExit code: 0 when the execution SUCCEEDED, 1 otherwise, 2 for a bad command line.",
    )
    .action(async (module: string, options) =>
      setExitCode(await (await import("./run.js")).runCommand(module, options, io)),
    );

  withConnectionOptions(
    program
      .command("inspect")
      .description(
        "Write one self-contained HTML page of an execution: summary, timeline, operations, history.",
      )
      .argument("<arn>", "durable execution ARN"),
  )
    .option("--html <file>", "where to write the page; - for stdout (default: <execution name>.html)")
    .addHelpText(
      "after",
      "\nExample:\n  $ durable-lambda inspect 'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/o-1/…' --html o-1.html --endpoint-url http://127.0.0.1:9014",
    )
    .action(async (arn: string, options) =>
      setExitCode(await (await import("./inspect.js")).inspectCommand(arn, options, io)),
    );

  program
    .command("dev")
    .description("Serve handler modules as durable functions: the Lambda durable API over HTTP and a web UI.")
    .argument("<module...>", "handler modules, each optionally with #export (default: handler)")
    .option(
      "--function-name <name>",
      "function name of the module at the same position (repeatable; default: the file name)",
      collect,
    )
    .option("--port <port>", "port to listen on (0: any free port)", integerInRange(0, 65535), 9014)
    .option("--host <host>", "interface to listen on (loopback unless you say otherwise)", "127.0.0.1")
    .option(
      "--store <file>",
      "SQLite file that keeps executions across restarts; :memory: keeps nothing",
      ".durable/dev.db",
    )
    .option("--skip-time", "skip waits and retry delays instead of waiting in real time")
    .option("--no-watch", "do not re-import a module when its files change")
    .addHelpText(
      "after",
      "\nExample:\n  $ durable-lambda dev src/order-workflow.ts --function-name orders --port 9014\n" +
        "  $ aws lambda invoke --endpoint-url http://127.0.0.1:9014 --function-name orders \\\n" +
        "      --invocation-type Event --durable-execution-name o-1 --payload '{}' --cli-binary-format raw-in-base64-out out.json",
    )
    .action(async (modules: string[], options) =>
      setExitCode(await (await import("./dev.js")).devCommand(modules, options, io)),
    );

  registerManagementCommands(program, io, setExitCode);
}

/** Commander collector for repeatable options. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
