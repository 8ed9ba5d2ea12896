/** Version of the schema below, kept in `meta`; a store written by another version is refused. */
export const SQLITE_SCHEMA_VERSION = "1";

/**
 * The tables of the dev server's store. Each record is a JSON column (see record-json.ts) beside
 * the columns the queries filter and order on.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS executions (
  id TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL UNIQUE,
  arn TEXT NOT NULL UNIQUE,
  function_name TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  status TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS executions_by_name ON executions (function_name, name);
CREATE TABLE IF NOT EXISTS operations (
  execution_id TEXT NOT NULL,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (execution_id, id)
);
CREATE INDEX IF NOT EXISTS operations_in_order ON operations (execution_id, position);
CREATE TABLE IF NOT EXISTS events (
  execution_id TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (execution_id, event_id)
);
CREATE TABLE IF NOT EXISTS timers (
  execution_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  PRIMARY KEY (execution_id, kind, operation_id)
);
CREATE INDEX IF NOT EXISTS timers_by_due ON timers (due_at);
CREATE TABLE IF NOT EXISTS callbacks (id TEXT PRIMARY KEY, record TEXT NOT NULL);
`;
