import {
  type Event,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import type { ExecutionSnapshot } from "../inspect/execution-snapshot.js";

/** Largest page `GetDurableExecutionHistory` returns. */
const HISTORY_PAGE_SIZE = 1000;

/**
 * Every history event of an execution, with payloads, following `NextMarker` to the end.
 *
 * @example
 * ```ts
 * const history = await fetchHistory(client, executionArn);
 * ```
 */
export async function fetchHistory(client: LambdaClient, executionArn: string): Promise<Event[]> {
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new GetDurableExecutionHistoryCommand({
        DurableExecutionArn: executionArn,
        IncludeExecutionData: true,
        MaxItems: HISTORY_PAGE_SIZE,
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    );
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker !== undefined && marker !== "");
  return events;
}

/**
 * The execution with its data and its whole history, for the inspector.
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
  const [execution, history] = await Promise.all([
    client.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true }),
    ),
    fetchHistory(client, executionArn),
  ]);
  return { execution, history, observedAt: Date.now() };
}
