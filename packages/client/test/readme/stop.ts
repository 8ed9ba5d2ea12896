import { executions } from "./client.js";

export async function cancelOrder(executionArn: string): Promise<Date> {
  const { stopDate } = await executions.stop(executionArn, {
    errorType: "OrderCancelled",
    errorMessage: "the customer cancelled",
  });
  return stopDate;
}
