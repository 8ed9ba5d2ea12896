import type {
  ErrorObject,
  Event,
  ExecutionStatus,
  GetDurableExecutionResponse,
  Operation,
  OperationStatus,
  OperationType,
} from "@aws-sdk/client-lambda";
import { detailsOf, type OperationDetails, parseResult } from "./operation-details.js";
import { formatRunReport, type LineWriter } from "./report.js";

/** What the function returned from one invocation. */
export type DurableInvocationOutput =
  | { Status: "SUCCEEDED"; Result?: string }
  | { Status: "FAILED"; Error?: ErrorObject }
  | { Status: "PENDING" };

/** One invocation of the durable function, as the runner saw it. */
export interface InvocationRecord {
  /** The Lambda request id (`context.awsRequestId`). */
  requestId: string;
  /** Virtual time the invocation started. */
  startTimestamp: Date;
  /** Virtual time the invocation ended. */
  endTimestamp: Date;
  /** The envelope's `UpdatedOperationIds`. */
  updatedOperationIds: string[];
  /** What the function returned, when it returned a valid output. */
  output?: DurableInvocationOutput;
  /** The Lambda error, when the invocation threw, timed out or returned something invalid. */
  error?: ErrorObject;
}

/** Filter of {@link LocalRunResult.getOperations}. */
export interface OperationFilter {
  name?: string;
  type?: OperationType;
  status?: OperationStatus;
  subType?: string;
  /** Only direct children of this operation id. */
  parentId?: string;
}

/**
 * The outcome of a run: status, parsed result or error, every operation, every invocation and
 * the history, with lookup helpers.
 *
 * @example
 * ```ts
 * const result = await runner.run({ input: { orderId: 42 } });
 * expect(result.status).toBe("SUCCEEDED");
 * expect(result.getOperation("charge")?.StepDetails?.Attempt).toBe(2);
 * expect(result.eventTypes()).toContain("WaitSucceeded");
 * ```
 */
export class LocalRunResult<TResult = unknown> {
  /** ARN of the execution. */
  readonly executionArn: string;
  /** Execution status; RUNNING when the run stopped while waiting for something the runner cannot do. */
  readonly status: ExecutionStatus;
  /** The result parsed from JSON (the raw text when it is not JSON); undefined unless SUCCEEDED with a result. */
  readonly result: TResult | undefined;
  /** The result as the service stores it (JSON text). */
  readonly rawResult: string | undefined;
  /** The error of a FAILED, TIMED_OUT or STOPPED execution. */
  readonly error: ErrorObject | undefined;
  /** `GetDurableExecution` of the execution at the end of the run. */
  readonly execution: GetDurableExecutionResponse;
  /** Every operation except the EXECUTION one, in start order (children of completed contexts included). */
  readonly operations: Operation[];
  /** Every invocation, in order. */
  readonly invocations: InvocationRecord[];
  /** Every history event, in order. */
  readonly history: Event[];

  constructor(init: {
    execution: GetDurableExecutionResponse;
    operations: Operation[];
    invocations: InvocationRecord[];
    history: Event[];
  }) {
    this.execution = init.execution;
    this.executionArn = init.execution.DurableExecutionArn as string;
    this.status = init.execution.Status as ExecutionStatus;
    this.rawResult = init.execution.Result;
    this.result = parseResult<TResult>(init.execution.Result);
    this.error = init.execution.Error;
    this.operations = init.operations.filter((operation) => operation.Type !== "EXECUTION");
    this.invocations = init.invocations;
    this.history = init.history;
  }

  /** The `index`-th operation (in start order) named `name`. */
  getOperation(name: string, index = 0): Operation | undefined {
    return this.getOperations({ name })[index];
  }

  /** The `index`-th operation of the run, in start order (0-based). */
  getOperationAt(index: number): Operation | undefined {
    return this.operations[index];
  }

  /**
   * The `index`-th operation named `name`, with its result parsed from JSON (a step's result is
   * the value, not the JSON text), its attempt count, callback id or wait end.
   */
  getOperationDetails<T = unknown>(name: string, index = 0): OperationDetails<T> | undefined {
    const operation = this.getOperation(name, index);
    return operation === undefined ? undefined : detailsOf<T>(operation);
  }

  /** The operation with this id. */
  getOperationById(id: string): Operation | undefined {
    return this.operations.find((operation) => operation.Id === id);
  }

  /** Operations matching every given field of the filter, in start order. */
  getOperations(filter: OperationFilter = {}): Operation[] {
    return this.operations.filter(
      (operation) =>
        (filter.name === undefined || operation.Name === filter.name) &&
        (filter.type === undefined || operation.Type === filter.type) &&
        (filter.status === undefined || operation.Status === filter.status) &&
        (filter.subType === undefined || operation.SubType === filter.subType) &&
        (filter.parentId === undefined || operation.ParentId === filter.parentId),
    );
  }

  /** Direct children of an operation (by id or operation). */
  getChildOperations(parent: string | Operation): Operation[] {
    const parentId = typeof parent === "string" ? parent : parent.Id;
    return parentId === undefined ? [] : this.getOperations({ parentId });
  }

  /** The history event types, in order. */
  eventTypes(): string[] {
    return this.history.map((event) => event.EventType as string);
  }

  /** This run as plain text: invocations, outcome, operations tree and history (see {@link formatRunReport}). */
  format(): string {
    return formatRunReport(this);
  }

  /** Writes {@link LocalRunResult.format} line by line. Default: `console.log`. */
  print(write: LineWriter = (line) => console.log(line)): void {
    for (const line of this.format().split("\n")) write(line);
  }

  /** History events of one type. */
  getEvents(eventType: string): Event[] {
    return this.history.filter((event) => event.EventType === eventType);
  }
}
