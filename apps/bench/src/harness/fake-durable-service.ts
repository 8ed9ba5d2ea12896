import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  DurableExecutionClient,
  DurableExecutionInvocationInput,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  OperationUpdate,
  WireOperation,
} from "@durable-lambda/core";

const MILLIS_PER_SECOND = 1000;
/** Page size of `GetDurableExecutionState` when the caller does not ask for one. */
const DEFAULT_STATE_PAGE_SIZE = 1000;

/** What both engines sent to the service during one execution. */
export interface CheckpointTraffic {
  /** `CheckpointDurableExecution` calls, including empty ones. */
  checkpointRequests: number;
  /** Calls without updates (the official SDK polls this way while it watches a wait in process). */
  emptyCheckpointRequests: number;
  /** Operation updates over all calls. */
  updates: number;
  /** Bytes of the JSON request bodies (`JSON.stringify` of the params, UTF-8). */
  requestBytes: number;
  /** Bytes of the JSON responses. */
  responseBytes: number;
  /** `GetDurableExecutionState` calls (pagination of the initial state). */
  getStateRequests: number;
}

function emptyTraffic(): CheckpointTraffic {
  return {
    checkpointRequests: 0,
    emptyCheckpointRequests: 0,
    updates: 0,
    requestBytes: 0,
    responseBytes: 0,
    getStateRequests: 0,
  };
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** The error the Lambda API answers a malformed or stale checkpoint with. */
export class FakeServiceRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidParameterValueException";
  }
}

/**
 * An in-memory stand-in for the Lambda durable execution service, shared by both engines so they are
 * measured against the same transport. It keeps the operations of one execution by id, applies
 * checkpoint updates the way the service does for the operations the workloads use (STEP, WAIT,
 * CONTEXT, EXECUTION), chains checkpoint tokens, echoes the updated records, and counts traffic.
 * Between invocations `completeWaitsAndRetries` plays the service's clock: every started wait ends
 * and every scheduled retry becomes READY, so a workflow finishes in a few invocations.
 *
 * It is deliberately minimal: it does not validate every service rule (that is the job of
 * `@durable-lambda/testing`); what it notices it records in `protocolIssues`.
 */
/** What the Lambda runtime does with an invocation payload before calling the handler. */
export function parsePayload(payload: Buffer): DurableExecutionInvocationInput {
  return JSON.parse(payload.toString("utf8")) as DurableExecutionInvocationInput;
}

export class FakeDurableService {
  readonly client: DurableExecutionClient;
  readonly protocolIssues: string[] = [];
  traffic: CheckpointTraffic = emptyTraffic();

  #arn = "";
  #operations = new Map<string, WireOperation>();
  #token = "";
  #tokenSequence = 0;

  constructor() {
    this.client = {
      getExecutionState: async (params) => this.#getExecutionState(params),
      checkpoint: async (params) => this.#checkpoint(params),
    };
  }

  /**
   * Starts (or restarts) an execution with the given records. The service takes ownership of the
   * array's objects: callers build them fresh, so loading 10,000 records creates no garbage.
   */
  load(arn: string, operations: WireOperation[]): void {
    this.#arn = arn;
    this.#operations = new Map();
    for (const operation of operations) this.#operations.set(operation.Id ?? "", operation);
    this.#token = this.#nextToken();
    this.traffic = emptyTraffic();
    this.protocolIssues.length = 0;
  }

  /**
   * The invocation payload Lambda would send now (all records and the current token): the bytes
   * the Lambda runtime receives. Timestamps are ISO-8601 strings, as on a real invocation event.
   */
  payload(): Buffer {
    const envelope: DurableExecutionInvocationInput = {
      DurableExecutionArn: this.#arn,
      CheckpointToken: this.#token,
      InitialExecutionState: { Operations: [...this.#operations.values()] },
    };
    return Buffer.from(JSON.stringify(envelope));
  }

  /** The envelope as the Lambda runtime hands it to the handler: {@link payload}, decoded and parsed. */
  envelope(): DurableExecutionInvocationInput {
    return parsePayload(this.payload());
  }

  operation(id: string): WireOperation | undefined {
    return this.#operations.get(id);
  }

  get operationCount(): number {
    return this.#operations.size;
  }

  /** The service's clock between invocations: started waits end, scheduled retries become READY. */
  completeWaitsAndRetries(): number {
    const now = new Date();
    let changed = 0;
    for (const operation of this.#operations.values()) {
      if (operation.Type === "WAIT" && operation.Status === "STARTED") {
        operation.Status = "SUCCEEDED";
        operation.EndTimestamp = now;
        changed++;
      } else if (operation.Type === "STEP" && operation.Status === "PENDING") {
        operation.Status = "READY";
        changed++;
      }
    }
    return changed;
  }

  #nextToken(): string {
    this.#tokenSequence += 1;
    return `token-${this.#tokenSequence}`;
  }

  #getExecutionState(params: GetDurableExecutionStateRequest): GetDurableExecutionStateResponse {
    this.traffic.getStateRequests++;
    this.#checkArn(params.DurableExecutionArn);
    const all = [...this.#operations.values()];
    const start = params.Marker === undefined ? 0 : Number(params.Marker);
    const end = start + (params.MaxItems ?? DEFAULT_STATE_PAGE_SIZE);
    return {
      Operations: structuredClone(all.slice(start, end)),
      ...(end < all.length ? { NextMarker: String(end) } : {}),
    };
  }

  #checkpoint(params: CheckpointDurableExecutionRequest): CheckpointDurableExecutionResponse {
    const updates = params.Updates ?? [];
    this.traffic.checkpointRequests++;
    this.traffic.requestBytes += jsonBytes(params);
    this.traffic.updates += updates.length;
    if (updates.length === 0) this.traffic.emptyCheckpointRequests++;
    this.#checkArn(params.DurableExecutionArn);
    if (params.CheckpointToken !== this.#token) {
      const issue = `checkpoint with stale token ${params.CheckpointToken} (current ${this.#token})`;
      this.protocolIssues.push(issue);
      throw new FakeServiceRejection(issue);
    }

    const now = new Date();
    const changed = new Map<string, WireOperation>();
    for (const update of updates) {
      const operation = this.#apply(update, now);
      if (operation?.Id !== undefined) changed.set(operation.Id, operation);
    }
    this.#token = this.#nextToken();
    const response: CheckpointDurableExecutionResponse = {
      CheckpointToken: this.#token,
      NewExecutionState: { Operations: structuredClone([...changed.values()]) },
    };
    this.traffic.responseBytes += jsonBytes(response);
    return response;
  }

  #checkArn(arn: string | undefined): void {
    if (arn !== this.#arn) {
      const issue = `request for unknown execution ${arn}`;
      this.protocolIssues.push(issue);
      throw new FakeServiceRejection(issue);
    }
  }

  /** Applies one update; returns the record it changed. */
  #apply(update: OperationUpdate, now: Date): WireOperation | undefined {
    const { Id: id, Type: type, Action: action } = update;
    if (id === undefined || type === undefined || action === undefined) {
      this.protocolIssues.push(`update without Id, Type or Action: ${JSON.stringify(update)}`);
      return undefined;
    }
    const existing = this.#operations.get(id);
    if (existing !== undefined && isTerminal(existing) && type !== "EXECUTION") {
      this.protocolIssues.push(`${action} on ${type} ${id} that is already ${existing.Status}`);
    }
    const operation: WireOperation = existing ?? {
      Id: id,
      Type: type,
      StartTimestamp: now,
      Status: "STARTED",
      ...(update.ParentId === undefined ? {} : { ParentId: update.ParentId }),
      ...(update.Name === undefined ? {} : { Name: update.Name }),
      ...(update.SubType === undefined ? {} : { SubType: update.SubType }),
    };
    this.#operations.set(id, operation);

    switch (`${type}:${action}`) {
      case "EXECUTION:SUCCEED":
        operation.Status = "SUCCEEDED";
        operation.EndTimestamp = now;
        break;
      case "EXECUTION:FAIL":
        operation.Status = "FAILED";
        operation.EndTimestamp = now;
        break;
      case "STEP:START": {
        const previous = operation.StepDetails?.Attempt ?? 0;
        const restarting = existing === undefined || existing.Status !== "STARTED";
        operation.Status = "STARTED";
        operation.StepDetails = { ...operation.StepDetails, Attempt: restarting ? previous + 1 : previous };
        break;
      }
      case "STEP:SUCCEED":
        operation.Status = "SUCCEEDED";
        operation.EndTimestamp = now;
        operation.StepDetails = {
          Attempt: operation.StepDetails?.Attempt ?? 1,
          ...(update.Payload === undefined ? {} : { Result: update.Payload }),
        };
        break;
      case "STEP:FAIL":
        operation.Status = "FAILED";
        operation.EndTimestamp = now;
        operation.StepDetails = { Attempt: operation.StepDetails?.Attempt ?? 1, Error: update.Error };
        break;
      case "STEP:RETRY": {
        const delaySeconds = update.StepOptions?.NextAttemptDelaySeconds ?? 0;
        operation.Status = "PENDING";
        operation.StepDetails = {
          Attempt: operation.StepDetails?.Attempt ?? 1,
          Error: update.Error,
          NextAttemptTimestamp: new Date(now.getTime() + delaySeconds * MILLIS_PER_SECOND),
        };
        break;
      }
      case "WAIT:START": {
        const seconds = update.WaitOptions?.WaitSeconds ?? 0;
        operation.Status = "STARTED";
        operation.WaitDetails = {
          ScheduledEndTimestamp: new Date(now.getTime() + seconds * MILLIS_PER_SECOND),
        };
        break;
      }
      case "WAIT:CANCEL":
        operation.Status = "CANCELLED";
        operation.EndTimestamp = now;
        break;
      case "CONTEXT:START":
        operation.Status = "STARTED";
        break;
      case "CONTEXT:SUCCEED":
        operation.Status = "SUCCEEDED";
        operation.EndTimestamp = now;
        operation.ContextDetails = {
          ...(update.Payload === undefined ? {} : { Result: update.Payload }),
          ...(update.ContextOptions?.ReplayChildren === undefined
            ? {}
            : { ReplayChildren: update.ContextOptions.ReplayChildren }),
        };
        break;
      case "CONTEXT:FAIL":
        operation.Status = "FAILED";
        operation.EndTimestamp = now;
        operation.ContextDetails = { Error: update.Error };
        break;
      default:
        this.protocolIssues.push(`the fake service does not implement ${type}:${action} (operation ${id})`);
    }
    return operation;
  }
}

function isTerminal(operation: WireOperation): boolean {
  return (
    operation.Status === "SUCCEEDED" ||
    operation.Status === "FAILED" ||
    operation.Status === "CANCELLED" ||
    operation.Status === "TIMED_OUT" ||
    operation.Status === "STOPPED"
  );
}
