import type { ErrorObject } from "@aws-sdk/client-lambda";
import { DURABLE_API_VERSION_PATH } from "../service/constants.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import {
  header,
  type ParsedRequest,
  parseJsonBody,
  queryBoolean,
  queryInteger,
  queryString,
  queryTimestamp,
} from "./request.js";

/** The REST API version of `Invoke`. */
const INVOKE_API_VERSION_PATH = "/2015-03-31";

/** A response that is not JSON: `Invoke` answers with the raw payload and headers. */
export class RawResponse {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: Buffer,
  ) {}
}

/** Answers one route: a JSON-able value, or a {@link RawResponse}. */
export type RouteHandler = (request: ParsedRequest) => Promise<unknown>;

/** Routes keyed by `/{version}/{collection}`, then the segment after the label ("" for none), then the method. */
export type RouteTable = Record<string, Record<string, Record<string, RouteHandler>>>;

/**
 * The Lambda REST paths the local service serves, as `@aws-sdk/client-lambda` (and the AWS CLI)
 * send them: the durable execution APIs under `/2025-12-01`, and `Invoke` under `/2015-03-31`.
 */
export function routes(service: LocalDurableService): RouteTable {
  return {
    [`${DURABLE_API_VERSION_PATH}/durable-executions`]: {
      "": {
        GET: ({ label, query }) =>
          service.getDurableExecution({
            DurableExecutionArn: label,
            IncludeExecutionData: queryBoolean(query, "IncludeExecutionData", "GetDurableExecution"),
          }),
      },
      state: {
        GET: ({ label, query }) =>
          service.getDurableExecutionState({
            DurableExecutionArn: label,
            CheckpointToken: queryString(query, "CheckpointToken"),
            Marker: queryString(query, "Marker"),
            MaxItems: queryInteger(query, "MaxItems", "GetDurableExecutionState"),
          }),
      },
      checkpoint: {
        POST: ({ label, body }) => {
          const json = parseJsonBody(body, "CheckpointDurableExecution") ?? {};
          return service.checkpointDurableExecution({
            DurableExecutionArn: label,
            CheckpointToken: json.CheckpointToken as string | undefined,
            Updates: json.Updates as never,
            ClientToken: json.ClientToken as string | undefined,
          });
        },
      },
      history: {
        GET: ({ label, query }) =>
          service.getDurableExecutionHistory({
            DurableExecutionArn: label,
            IncludeExecutionData: queryBoolean(query, "IncludeExecutionData", "GetDurableExecutionHistory"),
            MaxItems: queryInteger(query, "MaxItems", "GetDurableExecutionHistory"),
            Marker: queryString(query, "Marker"),
            ReverseOrder: queryBoolean(query, "ReverseOrder", "GetDurableExecutionHistory"),
          }),
      },
      stop: {
        POST: ({ label, body }) => {
          const error = parseJsonBody(body, "StopDurableExecution") as ErrorObject | undefined;
          return service.stopDurableExecution({
            DurableExecutionArn: label,
            ...(error === undefined ? {} : { Error: error }),
          });
        },
      },
    },
    [`${DURABLE_API_VERSION_PATH}/durable-execution-callbacks`]: {
      succeed: {
        POST: ({ label, body }) =>
          service.sendDurableExecutionCallbackSuccess({ CallbackId: label, Result: new Uint8Array(body) }),
      },
      fail: {
        POST: ({ label, body }) => {
          const error = parseJsonBody(body, "SendDurableExecutionCallbackFailure") as ErrorObject | undefined;
          return service.sendDurableExecutionCallbackFailure({
            CallbackId: label,
            ...(error === undefined ? {} : { Error: error }),
          });
        },
      },
      heartbeat: {
        POST: ({ label }) => service.sendDurableExecutionCallbackHeartbeat({ CallbackId: label }),
      },
    },
    [`${DURABLE_API_VERSION_PATH}/functions`]: {
      "durable-executions": {
        GET: ({ label, query }) => {
          const api = "ListDurableExecutionsByFunction";
          const statuses = query.getAll("Statuses").flatMap((value) => value.split(","));
          return service.listDurableExecutionsByFunction({
            FunctionName: label,
            Qualifier: queryString(query, "Qualifier"),
            DurableExecutionName: queryString(query, "DurableExecutionName"),
            Statuses: statuses.length === 0 ? undefined : statuses,
            StartedAfter: queryTimestamp(query, "StartedAfter", api),
            StartedBefore: queryTimestamp(query, "StartedBefore", api),
            ReverseOrder: queryBoolean(query, "ReverseOrder", api),
            Marker: queryString(query, "Marker"),
            MaxItems: queryInteger(query, "MaxItems", api),
          });
        },
      },
    },
    [`${INVOKE_API_VERSION_PATH}/functions`]: {
      invocations: {
        POST: async ({ label, query, headers, body }) => {
          const answer = await service.invoke({
            FunctionName: label,
            Qualifier: queryString(query, "Qualifier"),
            InvocationType: header(headers, "X-Amz-Invocation-Type"),
            DurableExecutionName: header(headers, "X-Amz-Durable-Execution-Name"),
            LogType: header(headers, "X-Amz-Log-Type"),
            ClientContext: header(headers, "X-Amz-Client-Context"),
            TenantId: header(headers, "X-Amz-Tenant-Id"),
            Payload: new Uint8Array(body),
          });
          const responseHeaders: Record<string, string> = { "content-type": "application/json" };
          if (answer.ExecutedVersion !== undefined)
            responseHeaders["x-amz-executed-version"] = answer.ExecutedVersion;
          if (answer.FunctionError !== undefined)
            responseHeaders["x-amz-function-error"] = answer.FunctionError;
          if (answer.DurableExecutionArn !== undefined) {
            responseHeaders["x-amz-durable-execution-arn"] = answer.DurableExecutionArn;
          }
          const payload = answer.Payload === undefined ? Buffer.alloc(0) : Buffer.from(answer.Payload);
          return new RawResponse(answer.StatusCode, responseHeaders, payload);
        },
      },
    },
  };
}
