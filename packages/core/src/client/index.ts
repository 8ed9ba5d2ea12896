export { LambdaApiClient } from "./lambda-api-client.js";
export {
  CLIENT_LAMBDA_PACKAGE,
  type DefaultLambdaClientConfig,
  defaultLambdaClientConfig,
} from "./sdk-lambda-transport.js";
export {
  CONNECTION_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  SOCKET_TIMEOUT_MS,
  USER_AGENT_NAME,
} from "./transport-timeouts.js";
