import { type Event, GetDurableExecutionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions, type ExecutionDescription, type ExecutionMetering } from "@durable-lambda/client";
import type { ExecutionSnapshot, FieldValue } from "../inspect/execution-snapshot.js";

/** Summary rows from a description: the redrive fields and links (the rest is in the execution). */
function redriveFields(description: ExecutionDescription): Record<string, FieldValue> {
  return {
    redriveCount: description.redriveCount,
    redriveDate: description.redriveDate,
    redriveStatus: description.redriveStatus,
    redriveStatusReason: description.redriveStatusReason,
    redrivenFrom: description.redrivenFrom,
    redrivenTo: description.redrivenTo,
  };
}

/**
 * Metering as table rows: the totals, then each kind of operation that was billed.
 *
 * @example
 * ```ts
 * meteringFields(meterHistory(history)); // { "billed operations": 9, "bytes written": 412, step: "5 operations, 300 bytes", … }
 * ```
 */
export function meteringFields(metering: ExecutionMetering): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {
    "billed operations": metering.billedOperations,
    "bytes written": metering.bytesWritten,
  };
  for (const [kind, usage] of Object.entries(metering.byKind)) {
    if (usage.operations > 0 || usage.bytesWritten > 0) {
      fields[kind] =
        `${usage.operations} operation${usage.operations === 1 ? "" : "s"}, ${usage.bytesWritten} bytes`;
    }
  }
  return fields;
}

/**
 * Every history event of an execution with payloads, through the client (it follows the pages).
 *
 * @example
 * ```ts
 * const history = await collectHistory(new DurableExecutions({ client }), executionArn);
 * ```
 */
export async function collectHistory(executions: DurableExecutions, executionArn: string): Promise<Event[]> {
  const events: Event[] = [];
  for await (const event of executions.history(executionArn, { includeData: true })) events.push(event);
  return events;
}

/**
 * The execution with its data, its description (redrive fields, metering) and its whole
 * history, for the inspector and the web UI.
 *
 * @example
 * ```ts
 * writeFileSync("run.html", renderInspectorHtml(await fetchExecutionSnapshot(client, executionArn)));
 * ```
 */
export async function fetchExecutionSnapshot(
  client: LambdaClient,
  executionArn: string,
): Promise<ExecutionSnapshot> {
  const executions = new DurableExecutions({ client });
  const [execution, description, history] = await Promise.all([
    client.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true }),
    ),
    executions.describe(executionArn),
    collectHistory(executions, executionArn),
  ]);
  return {
    execution,
    history,
    details: redriveFields(description),
    metering: meteringFields(description.metering),
    observedAt: Date.now(),
  };
}
