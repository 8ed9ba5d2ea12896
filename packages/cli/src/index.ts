export { historyTable, type LineWriter, operationsTable } from "@durable-lambda/testing";
export { fetchExecutionSnapshot } from "./client/fetch-snapshot.js";
export { type CommandIo, processIo } from "./commands/command-io.js";
export {
  DEV_SERVER_DEFAULTS,
  type DevFunction,
  type DevServer,
  type DevServerOptions,
  startDevServer,
} from "./dev/dev-server.js";
export { UiActionError } from "./dev/ui-actions.js";
export { CliError, ExitCode, HandlerLoadError } from "./errors/cli-errors.js";
export {
  DEFAULT_HANDLER_EXPORT,
  type HandlerReference,
  type LoadedHandler,
  loadHandler,
  parseHandlerReference,
} from "./handler/load-handler.js";
export type { ExecutionSnapshot, FieldValue } from "./inspect/execution-snapshot.js";
export {
  type AttemptSpan,
  buildExecutionTimeline,
  type ExecutionTimeline,
  type InvocationSpan,
  type OperationSpan,
  type SpanOutcome,
} from "./inspect/execution-timeline.js";
export { renderInspectorHtml } from "./inspect/inspector-page.js";
export { COMMAND_NAME, createProgram, runCli } from "./program.js";
export { printRunReport } from "./report/run-report.js";
export { IN_MEMORY_STORE, SqliteDurableStore, StoreOpenError } from "./store/sqlite-durable-store.js";
