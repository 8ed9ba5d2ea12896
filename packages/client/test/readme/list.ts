import { executions } from "./client.js";

export async function failedOrderNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const execution of executions.list("orders", { statuses: ["FAILED", "TIMED_OUT"] })) {
    names.push(execution.name);
  }
  return names;
}
