import type { ContextScope, OperationIds } from "../context/context-scope.js";
import { operationFrames } from "../context/frames.js";
import { NonDeterministicExecutionError, SerdesFailedError, StrictSerdesError } from "../errors/index.js";
import type { AttemptInfo } from "../plugins/types.js";
import { defaultSerdes } from "../serdes/index.js";
import type { Serdes, SerdesContext } from "../types/serdes.js";
import { type Operation, OperationStatus, type OperationType, type OperationUpdate } from "../types/wire.js";

/** What an operation call expects to find at its id when the state already has a record. */
export interface ExpectedOperation {
  readonly type: OperationType;
  readonly name: string | undefined;
  readonly subType: string | undefined;
}

/**
 * Replay consistency: the record at this id (same position in the same context) must have been
 * written by the same kind of call. A mismatch means the handler's code path changed between
 * invocations; the execution fails with {@link NonDeterministicExecutionError}. In a redrive, a
 * mismatch with a result taken from the source instead means the code was changed: the rest of the
 * context runs fresh.
 *
 * @returns the record to use: `record`, or undefined when the operation runs fresh.
 */
export function assertReplayConsistent(
  scope: ContextScope,
  ids: OperationIds,
  record: Operation | undefined,
  expected: ExpectedOperation,
): Operation | undefined {
  if (record === undefined) return undefined;
  let field: string | undefined;
  let recorded: unknown;
  let actual: unknown;
  if (record.Type !== expected.type) {
    [field, recorded, actual] = ["type", record.Type, expected.type];
  } else if (record.Name !== expected.name) {
    [field, recorded, actual] = ["name", record.Name, expected.name];
  } else if (record.SubType !== expected.subType) {
    [field, recorded, actual] = ["sub-type", record.SubType, expected.subType];
  }
  if (field === undefined) return record;
  const { state } = scope.runtime;
  if (state.redriveSeed !== undefined && state.isFromRedriveSource(ids.hashed)) {
    state.redriveSeed.divergeAt(scope, ids, record, expected);
    return undefined;
  }
  const error = new NonDeterministicExecutionError(
    `Non-deterministic execution detected: operation ${field} mismatch for operation "${ids.id}". ` +
      `An earlier invocation recorded ${field} ${JSON.stringify(recorded)} here, but this invocation called ` +
      `${JSON.stringify(actual)}. Durable operations must be called in the same order with the same names on every ` +
      "invocation: keep Date.now(), Math.random(), I/O and other changing values inside steps, and do not " +
      "reorder or rename operations of running executions.",
  );
  scope.runtime.monitor.terminate({ kind: "fail", error });
  throw error;
}

/**
 * How every operation begins: it reads the record an earlier invocation left at its id, checks
 * that the record was written by the same kind of call (see {@link assertReplayConsistent}; pass
 * `undefined` for operations that skip the check) and marks the id visited, which is how the
 * engine knows when replay is over. Returns the record, or `undefined` the first time.
 *
 * @throws {@link NonDeterministicExecutionError} when the record does not match `expected`.
 */
export function beginOperation(
  scope: ContextScope,
  ids: OperationIds,
  expected: ExpectedOperation | undefined,
): Operation | undefined {
  const state = scope.runtime.state;
  const found = state.get(ids.hashed);
  const record = expected === undefined ? found : assertReplayConsistent(scope, ids, found, expected);
  state.visit(ids.hashed);
  return record;
}

/** The fields every update of an operation carries, without undefined keys. */
export function updateBase(
  scope: ContextScope,
  ids: OperationIds,
  type: OperationType,
  subType: string | undefined,
  name: string | undefined,
): Pick<OperationUpdate, "Id" | "ParentId" | "Name" | "Type" | "SubType"> {
  const base: Pick<OperationUpdate, "Id" | "ParentId" | "Name" | "Type" | "SubType"> = {
    Id: ids.hashed,
    Type: type,
  };
  if (scope.parentId !== undefined) base.ParentId = scope.parentId;
  if (subType !== undefined) base.SubType = subType;
  if (name !== undefined) base.Name = name;
  return base;
}

function serdesContext(scope: ContextScope, ids: OperationIds): SerdesContext {
  return { entityId: ids.id, durableExecutionArn: scope.runtime.facts.durableExecutionArn };
}

/**
 * Serializes with the user's serdes. A serdes that throws ends the invocation with
 * {@link SerdesFailedError}, which Lambda retries (a serdes backed by S3 or KMS may recover).
 */
export async function serializeValue<T>(
  scope: ContextScope,
  ids: OperationIds,
  serdes: Serdes<T>,
  value: T,
  name: string | undefined,
): Promise<string | undefined> {
  const { findNonJsonValue } = scope.runtime;
  if (findNonJsonValue !== undefined && serdes === defaultSerdes) {
    const problem = findNonJsonValue(value, "result");
    if (problem !== undefined) {
      const error = new StrictSerdesError(ids.id, name, problem);
      scope.runtime.monitor.terminate({ kind: "fail", error });
      throw error;
    }
  }
  try {
    return await serdes.serialize(value, serdesContext(scope, ids));
  } catch (cause) {
    throw failSerdes(scope, ids, "serialize", name, cause);
  }
}

/** Deserializes with the user's serdes; failures end the invocation like {@link serializeValue}. */
export async function deserializeValue<T>(
  scope: ContextScope,
  ids: OperationIds,
  serdes: Pick<Serdes<T>, "deserialize">,
  data: string | undefined,
  name: string | undefined,
): Promise<T> {
  try {
    return (await serdes.deserialize(data, serdesContext(scope, ids))) as T;
  } catch (cause) {
    throw failSerdes(scope, ids, "deserialize", name, cause);
  }
}

function failSerdes(
  scope: ContextScope,
  ids: OperationIds,
  direction: "serialize" | "deserialize",
  name: string | undefined,
  cause: unknown,
) {
  const error = new SerdesFailedError({ direction, operationId: ids.id, operationName: name, cause });
  scope.runtime.monitor.terminate({ kind: "retry", error });
  return error;
}

/** Rejects with the invocation's termination error if it has ended (operations must not start). */
export function assertNotTerminated(scope: ContextScope): void {
  const error = scope.runtime.monitor.terminationError();
  if (error !== undefined) throw error;
}

/** Milliseconds per second, for turning wire seconds into timer delays. */
export const MILLIS_PER_SECOND = 1000;

/** A STEP record is no longer waiting for its next attempt (the service moved it to READY or ended it). */
export function isNotPending(operation: Operation): boolean {
  return operation.Status !== OperationStatus.PENDING;
}

/** Milliseconds until a STEP record's next attempt is due, when the record says. */
export function nextAttemptDueInMs(operation: Operation | undefined): number | undefined {
  const next = operation?.StepDetails?.NextAttemptTimestamp;
  return next === undefined ? undefined : next.getTime() - Date.now();
}

/**
 * Runs one attempt of a step or condition check in its durable frame (so logs and plugins see the
 * operation and attempt across awaits); with plugins, through their `wrapOperationAttemptFn`.
 */
export function runInAttemptFrame<T>(
  scope: ContextScope,
  ids: OperationIds,
  name: string | undefined,
  attempt: number,
  attemptInfo: AttemptInfo | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const frame = {
    invocation: scope.runtime.facts,
    operationId: ids.hashed,
    operationName: name,
    attempt,
    parentId: scope.parentId,
  };
  const plugins = scope.runtime.plugins;
  if (plugins === undefined || attemptInfo === undefined) return operationFrames.run(frame, fn);
  return operationFrames.run(frame, () => plugins.wrapAttempt(attemptInfo, fn) as Promise<T>);
}
