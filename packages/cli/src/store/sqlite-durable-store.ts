import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Event } from "@aws-sdk/client-lambda";
import type {
  CallbackRecord,
  DurableStore,
  ExecutionQuery,
  ExecutionRecord,
  OperationRecord,
  TimerKind,
  TimerRecord,
} from "@durable-lambda/testing";
import { CliError } from "../errors/cli-errors.js";
import { parseRecord, stringifyRecord } from "./record-json.js";
import { SQLITE_SCHEMA, SQLITE_SCHEMA_VERSION } from "./sqlite-schema.js";

/**
 * The path that keeps nothing: an in-memory database.
 *
 * @example
 * ```ts
 * const store = SqliteDurableStore.open(IN_MEMORY_STORE);
 * ```
 */
export const IN_MEMORY_STORE = ":memory:";

/**
 * A store file could not be opened or used: not a SQLite database, written by another schema
 * version, or not writable.
 *
 * @example
 * ```ts
 * try {
 *   SqliteDurableStore.open("notes.txt");
 * } catch (error) {
 *   if (error instanceof StoreOpenError) console.error(error.message);
 * }
 * ```
 */
export class StoreOpenError extends CliError {
  override readonly name = "StoreOpenError";
}

type Row = Record<string, unknown>;

/**
 * Loads node:sqlite on first use, so commands that need no store never load it. Node 22 marks the
 * module experimental and prints a warning when it loads; the dev server's output is for its own
 * events, so that one warning is held back (every other warning still prints).
 */
function sqliteModule(): typeof import("node:sqlite") {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const message = typeof warning === "string" ? warning : warning.message;
    if (message.includes("SQLite is an experimental feature")) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const sqlite = process.getBuiltinModule?.("node:sqlite") as typeof import("node:sqlite") | undefined;
    if (sqlite === undefined)
      throw new Error(
        `node:sqlite is built into Node.js 22.13 and later, and this is Node.js ${process.version}: run durable-lambda with Node.js 22.13 or later`,
      );
    return sqlite;
  } finally {
    process.emitWarning = emitWarning;
  }
}

function textOf(row: Row | undefined, column: string): string | undefined {
  const value = row?.[column];
  return typeof value === "string" ? value : undefined;
}

/**
 * The local durable service's state in a SQLite file (node:sqlite; no native build), for the dev
 * server. Every service transaction is one SQLite transaction in WAL mode with full sync, so a
 * process killed at any point leaves the file readable, holding every API call that returned and
 * none that did not.
 *
 * @example
 * ```ts
 * import { LocalDurableService } from "@durable-lambda/testing";
 *
 * const store = SqliteDurableStore.open(".durable/dev.db");
 * const service = new LocalDurableService({ store });
 * ```
 */
export class SqliteDurableStore implements DurableStore {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #inTransaction = false;

  /** The database file, or {@link IN_MEMORY_STORE}. */
  readonly path: string;

  private constructor(db: DatabaseSync, path: string) {
    this.#db = db;
    this.path = path;
  }

  /**
   * Opens (creating when missing, with its folder) the store at `path`.
   *
   * @throws {StoreOpenError} when the file is not a store this version can use.
   */
  static open(path: string): SqliteDurableStore {
    let db: DatabaseSync;
    try {
      if (path !== IN_MEMORY_STORE) mkdirSync(dirname(path), { recursive: true });
      db = new (sqliteModule().DatabaseSync)(path);
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
      db.exec(SQLITE_SCHEMA);
    } catch (error) {
      throw new StoreOpenError(
        `cannot open the store ${path}: ${error instanceof Error ? error.message : String(error)}. ` +
          "Pass another --store file (or --store :memory:), or remove the file to start afresh.",
        { cause: error },
      );
    }
    const store = new SqliteDurableStore(db, path);
    store.#checkSchemaVersion();
    return store;
  }

  #checkSchemaVersion(): void {
    const found = textOf(this.#get("SELECT value FROM meta WHERE key = 'schema'"), "value");
    if (found === undefined) {
      this.#run("INSERT INTO meta (key, value) VALUES ('schema', ?)", SQLITE_SCHEMA_VERSION);
      return;
    }
    if (found !== SQLITE_SCHEMA_VERSION) {
      this.close();
      throw new StoreOpenError(
        `the store ${this.path} has schema version ${found}; this version of durable-lambda uses ${SQLITE_SCHEMA_VERSION}. ` +
          "Use another --store file, or remove this one to start afresh.",
      );
    }
  }

  /** SQLite's own consistency check of the file: `"ok"` when it is sound. */
  integrityCheck(): string {
    return textOf(this.#get("PRAGMA integrity_check"), "integrity_check") ?? "no answer";
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** A value the dev server keeps beside the records (e.g. the clock's offset). */
  getMeta(key: string): string | undefined {
    return textOf(this.#get("SELECT value FROM meta WHERE key = ?", key), "value");
  }

  /** Sets a value kept beside the records. */
  setMeta(key: string, value: string): void {
    this.#run(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }

  transaction<T>(work: () => T): T {
    if (this.#inTransaction) return work();
    this.#db.exec("BEGIN IMMEDIATE");
    this.#inTransaction = true;
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    } finally {
      this.#inTransaction = false;
    }
  }

  nextExecutionSequence(): number {
    const row = this.#get("SELECT COALESCE(MAX(sequence), 0) + 1 AS next FROM executions");
    return Number(row?.next ?? 1);
  }

  putExecution(record: ExecutionRecord): void {
    this.#run(
      `INSERT INTO executions (id, sequence, arn, function_name, name, version, status, start_ms, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
      record.id,
      record.sequence,
      record.arn,
      record.functionName,
      record.name,
      record.version,
      record.status,
      record.startTimestamp.getTime(),
      stringifyRecord(record),
    );
  }

  getExecution(executionId: string): ExecutionRecord | undefined {
    return this.#execution(this.#get("SELECT record FROM executions WHERE id = ?", executionId));
  }

  getExecutionByArn(executionArn: string): ExecutionRecord | undefined {
    return this.#execution(this.#get("SELECT record FROM executions WHERE arn = ?", executionArn));
  }

  getExecutionByName(functionName: string, executionName: string): ExecutionRecord | undefined {
    return this.#execution(
      this.#get(
        "SELECT record FROM executions WHERE function_name = ? AND name = ?",
        functionName,
        executionName,
      ),
    );
  }

  listExecutions(): ExecutionRecord[] {
    return this.#all("SELECT record FROM executions ORDER BY sequence").map(
      (row) => this.#execution(row) as ExecutionRecord,
    );
  }

  queryExecutions(query: ExecutionQuery): ExecutionRecord[] {
    const where = ["function_name = ?"];
    const values: (string | number)[] = [query.functionName];
    if (query.version !== undefined) {
      where.push("version = ?");
      values.push(query.version);
    }
    if (query.executionName !== undefined) {
      where.push("name = ?");
      values.push(query.executionName);
    }
    if (query.statuses !== undefined && query.statuses.length > 0) {
      where.push(`status IN (${query.statuses.map(() => "?").join(", ")})`);
      values.push(...query.statuses);
    }
    if (query.startedAfter !== undefined) {
      where.push("start_ms > ?");
      values.push(query.startedAfter.getTime());
    }
    if (query.startedBefore !== undefined) {
      where.push("start_ms < ?");
      values.push(query.startedBefore.getTime());
    }
    if (query.afterSequence !== undefined) {
      where.push(query.reverseOrder ? "sequence < ?" : "sequence > ?");
      values.push(query.afterSequence);
    }
    const order = query.reverseOrder ? "DESC" : "ASC";
    const sql = `SELECT record FROM executions WHERE ${where.join(" AND ")} ORDER BY sequence ${order} LIMIT ?`;
    return this.#db
      .prepare(sql)
      .all(...values, query.limit)
      .map((row) => this.#execution(row) as ExecutionRecord);
  }

  putOperation(executionId: string, record: OperationRecord): void {
    this.#run(
      `INSERT INTO operations (execution_id, id, position, record)
       VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM operations WHERE execution_id = ?), ?)
       ON CONFLICT (execution_id, id) DO UPDATE SET record = excluded.record`,
      executionId,
      record.op.Id as string,
      executionId,
      stringifyRecord(record),
    );
  }

  getOperation(executionId: string, operationId: string): OperationRecord | undefined {
    const text = textOf(
      this.#get("SELECT record FROM operations WHERE execution_id = ? AND id = ?", executionId, operationId),
      "record",
    );
    return text === undefined ? undefined : (parseRecord(text) as OperationRecord);
  }

  listOperations(executionId: string): OperationRecord[] {
    return this.#all(
      "SELECT record FROM operations WHERE execution_id = ? ORDER BY position",
      executionId,
    ).map((row) => parseRecord(textOf(row, "record") as string) as OperationRecord);
  }

  appendEvent(executionId: string, event: Event): void {
    this.#run(
      "INSERT INTO events (execution_id, event_id, event) VALUES (?, ?, ?)",
      executionId,
      event.EventId ?? this.eventCount(executionId) + 1,
      stringifyRecord(event),
    );
  }

  listEvents(executionId: string): Event[] {
    return this.#all("SELECT event FROM events WHERE execution_id = ? ORDER BY event_id", executionId).map(
      (row) => parseRecord(textOf(row, "event") as string) as Event,
    );
  }

  eventCount(executionId: string): number {
    return Number(
      this.#get("SELECT COUNT(*) AS count FROM events WHERE execution_id = ?", executionId)?.count ?? 0,
    );
  }

  putTimer(executionId: string, timer: TimerRecord): void {
    this.#run(
      `INSERT INTO timers (execution_id, kind, operation_id, due_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (execution_id, kind, operation_id) DO UPDATE SET due_at = excluded.due_at`,
      executionId,
      timer.kind,
      timer.operationId,
      timer.dueAt,
    );
  }

  deleteTimer(executionId: string, kind: TimerKind, operationId: string): void {
    this.#run(
      "DELETE FROM timers WHERE execution_id = ? AND kind = ? AND operation_id = ?",
      executionId,
      kind,
      operationId,
    );
  }

  deleteTimers(executionId: string): void {
    this.#run("DELETE FROM timers WHERE execution_id = ?", executionId);
  }

  listTimers(executionId: string): TimerRecord[] {
    return this.#all("SELECT kind, operation_id, due_at FROM timers WHERE execution_id = ?", executionId).map(
      (row) => ({
        kind: row.kind as TimerKind,
        operationId: String(row.operation_id),
        dueAt: Number(row.due_at),
      }),
    );
  }

  nextTimer(): { executionId: string; dueAt: number } | undefined {
    const row = this.#get("SELECT execution_id, due_at FROM timers ORDER BY due_at LIMIT 1");
    return row === undefined
      ? undefined
      : { executionId: String(row.execution_id), dueAt: Number(row.due_at) };
  }

  putCallback(callbackId: string, record: CallbackRecord): void {
    this.#run(
      "INSERT INTO callbacks (id, record) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record",
      callbackId,
      stringifyRecord(record),
    );
  }

  getCallback(callbackId: string): CallbackRecord | undefined {
    const text = textOf(this.#get("SELECT record FROM callbacks WHERE id = ?", callbackId), "record");
    return text === undefined ? undefined : (parseRecord(text) as CallbackRecord);
  }

  #execution(row: Row | undefined): ExecutionRecord | undefined {
    const text = textOf(row, "record");
    return text === undefined ? undefined : (parseRecord(text) as ExecutionRecord);
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #run(sql: string, ...values: (string | number)[]): void {
    this.#statement(sql).run(...values);
  }

  #get(sql: string, ...values: (string | number)[]): Row | undefined {
    return this.#statement(sql).get(...values) as Row | undefined;
  }

  #all(sql: string, ...values: (string | number)[]): Row[] {
    return this.#statement(sql).all(...values) as Row[];
  }
}
