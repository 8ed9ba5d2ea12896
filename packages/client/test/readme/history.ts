import { executions } from "./client.js";

export async function timeline(executionArn: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const event of executions.history(executionArn, { pageSize: 100 })) {
    lines.push(`${event.EventType} ${event.Name ?? ""}`.trim());
  }
  return lines;
}
