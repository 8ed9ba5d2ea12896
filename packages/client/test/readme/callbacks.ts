import { executions } from "./client.js";

export async function approve(callbackId: string): Promise<void> {
  await executions.sendCallbackHeartbeat(callbackId); // still working on it…
  await executions.sendCallbackSuccess(callbackId, "approved by Ada");
}

export async function reject(callbackId: string): Promise<void> {
  await executions.sendCallbackFailure(callbackId, { errorType: "Rejected", errorMessage: "over budget" });
}
