/**
 * One event of `GetDurableExecutionHistory`, the fields a redrive reads.
 *
 * @example
 * ```ts
 * const started = page.Events?.find((event: HistoryEvent) => event.EventType === "ExecutionStarted");
 * ```
 */
export interface HistoryEvent {
  EventType?: string | undefined;
  SubType?: string | undefined;
  Id?: string | undefined;
  Name?: string | undefined;
  ParentId?: string | undefined;
  EventTimestamp?: Date | string | undefined;
  [details: `${string}Details`]: unknown;
}

/**
 * The request of `GetDurableExecutionHistory`.
 *
 * @example
 * ```ts
 * const request: GetDurableExecutionHistoryRequest = { DurableExecutionArn: arn, IncludeExecutionData: true };
 * ```
 */
export interface GetDurableExecutionHistoryRequest {
  DurableExecutionArn: string;
  IncludeExecutionData?: boolean | undefined;
  Marker?: string | undefined;
  MaxItems?: number | undefined;
}

/**
 * The response of `GetDurableExecutionHistory`.
 *
 * @example
 * ```ts
 * const { Events, NextMarker }: GetDurableExecutionHistoryResponse = await transport.getExecutionHistory(request);
 * ```
 */
export interface GetDurableExecutionHistoryResponse {
  Events?: HistoryEvent[] | undefined;
  NextMarker?: string | undefined;
}

/**
 * The request of `ListDurableExecutionsByFunction`.
 *
 * @example
 * ```ts
 * const request: ListDurableExecutionsByFunctionRequest = { FunctionName: "orders", DurableExecutionName: "order-1" };
 * ```
 */
export interface ListDurableExecutionsByFunctionRequest {
  FunctionName: string;
  Qualifier?: string | undefined;
  DurableExecutionName?: string | undefined;
  Marker?: string | undefined;
}

/**
 * One execution in the response of `ListDurableExecutionsByFunction`.
 *
 * @example
 * ```ts
 * const arn = page.DurableExecutions?.[0]?.DurableExecutionArn;
 * ```
 */
export interface ListedExecution {
  DurableExecutionArn?: string | undefined;
  DurableExecutionName?: string | undefined;
  Status?: string | undefined;
  StartTimestamp?: Date | string | undefined;
  EndTimestamp?: Date | string | undefined;
}

/**
 * The response of `ListDurableExecutionsByFunction`.
 *
 * @example
 * ```ts
 * const { DurableExecutions, NextMarker } = await transport.listExecutionsByFunction(request);
 * ```
 */
export interface ListDurableExecutionsByFunctionResponse {
  DurableExecutions?: ListedExecution[] | undefined;
  NextMarker?: string | undefined;
}

/**
 * The two calls a redrive makes besides the usual state calls: it finds its source among its own
 * function's executions and reads the source's history with data. A transport that supports
 * redrives implements both (the default Lambda transport does).
 *
 * @example
 * ```ts
 * const transport: DurableExecutionClient & RedriveTransport = new LambdaApiClient(lambdaClient);
 * ```
 */
export interface RedriveTransport {
  getExecutionHistory(params: GetDurableExecutionHistoryRequest): Promise<GetDurableExecutionHistoryResponse>;
  listExecutionsByFunction(
    params: ListDurableExecutionsByFunctionRequest,
  ): Promise<ListDurableExecutionsByFunctionResponse>;
}
