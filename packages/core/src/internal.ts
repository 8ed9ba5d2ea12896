/**
 * `@durable-lambda/core/internal`: the engine pieces the front ends (`@durable-lambda/middy`,
 * `@durable-lambda/powertools`) and this repository's tests build on. Not covered by semver: any
 * release may change or remove an export here. Handlers should import from `@durable-lambda/core`.
 *
 * @example
 * ```ts
 * import { createHandlerContext, DurableInvocation } from "@durable-lambda/core/internal";
 *
 * const invocation = await DurableInvocation.start(event, lambdaContext, config);
 * const settlement = await invocation.runHandler((input, context) => handler(input, context));
 * return invocation.complete(settlement);
 * ```
 */

export { classifyCheckpointError } from "./checkpoint/classify-checkpoint-error.js";
export { diagnoseSetupProblem } from "./checkpoint/diagnose-setup-problem.js";
export { CheckpointLimits } from "./checkpoint/limits.js";
// Defaults and helpers behind the public factories.
export { durationToSeconds } from "./duration/index.js";
export {
  type AwsErrorMetadata,
  awsErrorMetadata,
  DurableOperationErrorDefaultMessage,
  describeAwsErrorMetadata,
  errorObjectFromError,
  INVALID_DURABLE_EVENT_MESSAGE_PREFIX,
  reconstructError,
} from "./errors/index.js";
export { executionStartTime } from "./frontend/execution-start-time.js";
export { createHandlerContext } from "./frontend/handler-context.js";
export { isLambdaDurableContext, type LambdaDurableContext } from "./frontend/lambda-durable-context.js";
// Ids, checkpoint limits and error classification.
export { hashOperationId } from "./ids/index.js";
// The invocation lifecycle every front end drives.
export { DurableInvocation } from "./invocation/durable-invocation.js";
export { validateExecutionConfig } from "./invocation/execution-config.js";
export type { Termination } from "./invocation/suspension-monitor.js";
export { DefaultLogger } from "./logger/index.js";
export type { HandlerSettlement } from "./outcome/map-outcome.js";
// Redrive rules the control plane shares with the engine: names, conditions, ARNs.
export { type DurableExecutionArnParts, parseDurableExecutionArn } from "./redrive/execution-arn.js";
export {
  checkRedrivable,
  REDRIVABLE_STATUSES,
  type Redrivability,
  type RedriveCandidate,
  RedriveCondition,
  RedriveLimits,
} from "./redrive/redrive-conditions.js";
export {
  nextRedriveName,
  type RedriveLineage,
  RedriveNaming,
  redriveExecutionName,
  redriveLineageOf,
  redriveSourceName,
} from "./redrive/redrive-name.js";
export { REDRIVE_DIVERGENCE_SUBTYPE } from "./redrive/source-history.js";
export {
  LINEAR_RETRY_STRATEGY_DEFAULTS,
  MIN_DELAY_SECONDS,
  RETRY_STRATEGY_DEFAULTS,
  WAIT_STRATEGY_DEFAULTS,
} from "./retry/index.js";
export { passThroughSerdes } from "./serdes/index.js";
