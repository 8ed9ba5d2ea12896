import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import type { CommandIo } from "./commands/command-io.js";
import { registerCommands } from "./commands/register-commands.js";
import { CliError, ExitCode } from "./errors/cli-errors.js";

/**
 * The command's name, as installed by the package's `bin`.
 *
 * @example
 * ```ts
 * console.log(`${COMMAND_NAME} --help`);
 * ```
 */
export const COMMAND_NAME = "durable-lambda";

/** The package's version, from its package.json. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** Full command path, e.g. `durable-lambda executions list`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent)
    names.unshift(current.name());
  return names.join(" ");
}

/**
 * Makes every command print a usage error as one line saying what is wrong, then its usage line.
 */
function configureUsageErrors(command: Command, io: CommandIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.out(text.trimEnd()),
    writeErr: (text) => io.err(text.trimEnd()),
    outputError: (text) => {
      io.err(text.trimEnd());
      io.err(`Usage: ${commandPath(command)} ${command.usage()}`);
      io.err(`Run '${commandPath(command)} --help' for the options and an example.`);
    },
  });
  for (const sub of command.commands) configureUsageErrors(sub, io);
}

/**
 * Builds the `durable-lambda` command line.
 *
 * @example
 * ```ts
 * const code = await runCli(["run", "src/order.ts"], processIo());
 * ```
 */
export function createProgram(io: CommandIo, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command(COMMAND_NAME)
    .description("Run, serve, inspect and manage AWS Lambda durable executions.")
    .version(packageVersion(), "-V, --version", "print the version")
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false });
  registerCommands(program, io, setExitCode);
  configureUsageErrors(program, io);
  return program;
}

/**
 * Runs the command line (`argv` without the node and script paths) and resolves with its exit
 * code: 0 success, 1 failure (or an execution that did not succeed), 2 bad command line.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.success;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error.
      return error.exitCode === 0 ? ExitCode.success : ExitCode.usage;
    }
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      return ExitCode.failure;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.err(`error: ${message}`);
    return ExitCode.failure;
  }
}
