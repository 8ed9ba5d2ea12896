import { executions } from "./client.js";

export async function summarize(executionArn: string) {
  const { status, output, error, redriveStatus, metering } = await executions.describe(executionArn);
  return { status, output, error, redriveStatus, billedOperations: metering.billedOperations };
}
