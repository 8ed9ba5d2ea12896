export { isSuspension } from "@durable-lambda/core";
export { isLambdaDurableContext as isDurableContext } from "@durable-lambda/core/internal";
export {
  type DurableContext,
  type DurableInternal,
  type DurableRequestFacts,
  durable,
  durable as default,
} from "./durable-middleware.js";
export { EarlyTimeoutError, NonDurableEventError } from "./errors.js";
export { Hazard, WARNING_TYPE } from "./hazards.js";
export { type DurableMiddlewareOptions, durableValidateOptions, NonDurableEvent } from "./options.js";
export { skipOnSuspension } from "./skip-on-suspension.js";
