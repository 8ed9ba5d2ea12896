export {
  type DurableInjectLambdaContextOptions,
  injectLambdaContext,
  type MiddlewareLike,
  type MiddyRequestLike,
} from "./inject-lambda-context.js";
