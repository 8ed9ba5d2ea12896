export { type CommandIo, processIo } from "./commands/command-io.js";
export { integerInRange, parseJsonArgument, readEventInput } from "./commands/option-parsers.js";
export { type RunCommandOptions, runCommand } from "./commands/run.js";
export { CliError, ExitCode, HandlerLoadError } from "./errors/cli-errors.js";
export {
  DEFAULT_HANDLER_EXPORT,
  type HandlerReference,
  type LoadedHandler,
  loadHandler,
  parseHandlerReference,
} from "./handler/load-handler.js";
export { COMMAND_NAME, createProgram, runCli } from "./program.js";
export { historyTable, type LineWriter, operationsTable, printRunReport } from "./report/run-report.js";
export { formatOffset, textTable } from "./report/text-table.js";
