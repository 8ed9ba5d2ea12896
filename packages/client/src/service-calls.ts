import {
  type Event,
  type ExecutionStatus,
  type Execution as ExecutionSummaryWire,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  type GetDurableExecutionResponse,
  InvokeCommand,
  type InvokeCommandOutput,
  type LambdaClient,
  ListDurableExecutionsByFunctionCommand,
} from "@aws-sdk/client-lambda";
import { type ServiceErrorSubject, translateServiceError } from "./errors/translate-service-error.js";
import { followMarkers } from "./paging/follow-markers.js";

/** Filters of `ListDurableExecutionsByFunction`. */
export interface ListFilters {
  qualifier?: string | undefined;
  name?: string | undefined;
  statuses?: readonly ExecutionStatus[] | undefined;
  startedAfter?: Date | undefined;
  startedBefore?: Date | undefined;
  reverseOrder?: boolean | undefined;
  pageSize?: number | undefined;
}

/** Options of `GetDurableExecutionHistory`. */
export interface HistoryRequest {
  includeData?: boolean | undefined;
  reverseOrder?: boolean | undefined;
  pageSize?: number | undefined;
}

/** Events per page when only counting them. */
const HISTORY_COUNT_PAGE_SIZE = 1000;

/**
 * The Lambda API calls of the control plane, each sending one command and turning the service's
 * errors into this package's typed errors.
 */
export class ServiceCalls {
  readonly #client: LambdaClient;

  constructor(client: LambdaClient) {
    this.#client = client;
  }

  async #send<T>(subject: ServiceErrorSubject, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translateServiceError(error, subject);
    }
  }

  getExecution(executionArn: string, includeData: boolean): Promise<GetDurableExecutionResponse> {
    return this.#send({ operation: "GetDurableExecution", resource: executionArn }, () =>
      this.#client.send(
        new GetDurableExecutionCommand({
          DurableExecutionArn: executionArn,
          IncludeExecutionData: includeData,
        }),
      ),
    );
  }

  history(executionArn: string, request: HistoryRequest): AsyncGenerator<Event, void, undefined> {
    return followMarkers(async (marker) => {
      const page = await this.#send({ operation: "GetDurableExecutionHistory", resource: executionArn }, () =>
        this.#client.send(
          new GetDurableExecutionHistoryCommand({
            DurableExecutionArn: executionArn,
            IncludeExecutionData: request.includeData ?? false,
            ReverseOrder: request.reverseOrder,
            MaxItems: request.pageSize,
            Marker: marker,
          }),
        ),
      );
      return { items: page.Events ?? [], nextMarker: page.NextMarker };
    });
  }

  /** The whole history, with execution data. */
  async fullHistory(executionArn: string): Promise<Event[]> {
    const events: Event[] = [];
    for await (const event of this.history(executionArn, { includeData: true })) events.push(event);
    return events;
  }

  /** Counts the execution's history events (without their data), up to `limit`. */
  async countHistoryEvents(executionArn: string, limit: number): Promise<number> {
    let count = 0;
    for await (const _event of this.history(executionArn, { pageSize: HISTORY_COUNT_PAGE_SIZE })) {
      if (++count >= limit) break;
    }
    return count;
  }

  list(functionName: string, filters: ListFilters): AsyncGenerator<ExecutionSummaryWire, void, undefined> {
    return followMarkers(async (marker) => {
      const page = await this.#send(
        { operation: "ListDurableExecutionsByFunction", resource: functionName },
        () =>
          this.#client.send(
            new ListDurableExecutionsByFunctionCommand({
              FunctionName: functionName,
              Qualifier: filters.qualifier,
              DurableExecutionName: filters.name,
              Statuses: filters.statuses === undefined ? undefined : [...filters.statuses],
              StartedAfter: filters.startedAfter,
              StartedBefore: filters.startedBefore,
              ReverseOrder: filters.reverseOrder,
              MaxItems: filters.pageSize,
              Marker: marker,
            }),
          ),
      );
      return { items: page.DurableExecutions ?? [], nextMarker: page.NextMarker };
    });
  }

  /** The ARN of the function's execution with this exact name, if there is one. */
  async findByName(
    functionName: string,
    qualifier: string | undefined,
    name: string,
  ): Promise<string | undefined> {
    for await (const execution of this.list(functionName, { qualifier, name })) {
      if (execution.DurableExecutionName === name) return execution.DurableExecutionArn;
    }
    return undefined;
  }

  invoke(request: {
    functionName: string;
    qualifier: string | undefined;
    executionName: string | undefined;
    payload: string;
    wait: boolean;
  }): Promise<InvokeCommandOutput> {
    const subject = {
      operation: "Invoke",
      resource: request.functionName,
      executionName: request.executionName,
    };
    return this.#send(subject, () =>
      this.#client.send(
        new InvokeCommand({
          FunctionName: request.functionName,
          Qualifier: request.qualifier,
          DurableExecutionName: request.executionName,
          InvocationType: request.wait ? "RequestResponse" : "Event",
          Payload: new TextEncoder().encode(request.payload),
        }),
      ),
    );
  }

  /** Sends any other command, translating its errors for `subject`. */
  send<T>(subject: ServiceErrorSubject, send: (client: LambdaClient) => Promise<T>): Promise<T> {
    return this.#send(subject, () => send(this.#client));
  }
}
