export {
  CLIENT_LAMBDA_PACKAGE,
  CONNECTION_TIMEOUT_MS,
  type DefaultLambdaClientConfig,
  defaultLambdaClientConfig,
  LambdaApiClient,
  REQUEST_TIMEOUT_MS,
  SOCKET_TIMEOUT_MS,
  USER_AGENT_NAME,
} from "./lambda-api-client.js";
