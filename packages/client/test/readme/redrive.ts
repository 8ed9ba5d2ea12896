import { ExecutionNotRedrivableError } from "@durable-lambda/client";
import { executions } from "./client.js";

// After fixing what made an execution fail: continue it from where it failed.
export async function retryFailedOrder(executionArn: string): Promise<string | undefined> {
  try {
    const { executionArn: redriveArn, redriveDate } = await executions.redrive(executionArn);
    console.log(`redriven at ${redriveDate.toISOString()}`);
    return redriveArn;
  } catch (error) {
    if (!(error instanceof ExecutionNotRedrivableError)) throw error;
    console.log(`not redrivable (${error.condition}): ${error.message}`);
    return undefined;
  }
}
