export { type DurableExecutionArnParts, parseDurableExecutionArn } from "./execution-arn.js";
export {
  checkRedrivable,
  REDRIVABLE_STATUSES,
  type RedriveCandidate,
  RedriveCondition,
  RedriveLimits,
  type Redrivability,
} from "./redrive-conditions.js";
export { RedriveError, RedriveFailure } from "./redrive-errors.js";
export {
  nextRedriveName,
  type RedriveLineage,
  RedriveNaming,
  redriveExecutionName,
  redriveLineageOf,
  redriveSourceName,
} from "./redrive-name.js";
export type {
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  HistoryEvent,
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
  ListedExecution,
  RedriveTransport,
} from "./redrive-transport.js";
export { REDRIVE_DIVERGENCE_SUBTYPE } from "./source-history.js";
