/** One event of `GetDurableExecutionHistory`, the fields a redrive reads. */
export interface HistoryEvent {
  EventType?: string | undefined;
  SubType?: string | undefined;
  Id?: string | undefined;
  Name?: string | undefined;
  ParentId?: string | undefined;
  EventTimestamp?: Date | string | undefined;
  [details: `${string}Details`]: unknown;
}

/** The request of `GetDurableExecutionHistory`. */
export interface GetDurableExecutionHistoryRequest {
  DurableExecutionArn: string;
  IncludeExecutionData?: boolean | undefined;
  Marker?: string | undefined;
  MaxItems?: number | undefined;
}

/** The response of `GetDurableExecutionHistory`. */
export interface GetDurableExecutionHistoryResponse {
  Events?: HistoryEvent[] | undefined;
  NextMarker?: string | undefined;
}

/** The request of `ListDurableExecutionsByFunction`. */
export interface ListDurableExecutionsByFunctionRequest {
  FunctionName: string;
  Qualifier?: string | undefined;
  DurableExecutionName?: string | undefined;
  Marker?: string | undefined;
}

/** One execution in the response of `ListDurableExecutionsByFunction`. */
export interface ListedExecution {
  DurableExecutionArn?: string | undefined;
  DurableExecutionName?: string | undefined;
  Status?: string | undefined;
  StartTimestamp?: Date | string | undefined;
  EndTimestamp?: Date | string | undefined;
}

/** The response of `ListDurableExecutionsByFunction`. */
export interface ListDurableExecutionsByFunctionResponse {
  DurableExecutions?: ListedExecution[] | undefined;
  NextMarker?: string | undefined;
}

/**
 * The two calls a redrive makes besides the usual state calls: it finds its source among its own
 * function's executions and reads the source's history with data. A transport that supports
 * redrives implements both (the default Lambda transport does).
 */
export interface RedriveTransport {
  getExecutionHistory(params: GetDurableExecutionHistoryRequest): Promise<GetDurableExecutionHistoryResponse>;
  listExecutionsByFunction(
    params: ListDurableExecutionsByFunctionRequest,
  ): Promise<ListDurableExecutionsByFunctionResponse>;
}
