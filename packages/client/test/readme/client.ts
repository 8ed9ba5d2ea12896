import { DurableExecutions } from "@durable-lambda/client";

// Region, credentials and endpoint come from the environment, as for any AWS SDK client: set
// AWS_ENDPOINT_URL_LAMBDA to talk to a local durable service instead of AWS.
export const executions = new DurableExecutions();
