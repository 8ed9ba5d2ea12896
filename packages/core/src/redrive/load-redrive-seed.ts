import { classifyCheckpointError } from "../checkpoint/classify-checkpoint-error.js";
import { UnrecoverableErrorScope } from "../errors/engine-errors.js";
import type { DurableExecutionClient } from "../types/core.js";
import type { WireOperation } from "../types/wire.js";
import { parseDurableExecutionArn } from "./execution-arn.js";
import { REDRIVABLE_STATUSES, RedriveLimits } from "./redrive-conditions.js";
import { RedriveError, RedriveFailure } from "./redrive-errors.js";
import { RedriveNaming, redriveExecutionName, redriveLineageOf } from "./redrive-name.js";
import { RedriveSeed } from "./redrive-seed.js";
import type { HistoryEvent, RedriveTransport } from "./redrive-transport.js";
import {
  foldSourceHistory,
  REDRIVE_DIVERGENCE_SUBTYPE,
  readDivergence,
  type SourceExecution,
} from "./source-history.js";

/** Events per history page a redrive reads. */
const HISTORY_PAGE_SIZE = 1000;

/** What {@link loadRedriveSeed} needs. */
export interface RedriveSeedRequest {
  readonly durableExecutionArn: string;
  /** Whether the function opted in (`redrive: true`). */
  readonly enabled: boolean;
  readonly transport: DurableExecutionClient;
  /** The execution's own operations, as loaded. */
  readonly operations: readonly WireOperation[];
}

/** The seed and the own operations without divergence records (which no code replays). */
export interface LoadedRedrive {
  readonly seed: RedriveSeed | undefined;
  readonly operations: readonly WireOperation[];
}

function asRedriveTransport(transport: DurableExecutionClient): RedriveTransport | undefined {
  const candidate = transport as Partial<RedriveTransport>;
  return typeof candidate.getExecutionHistory === "function" &&
    typeof candidate.listExecutionsByFunction === "function"
    ? (candidate as RedriveTransport)
    : undefined;
}

/** Service errors that may pass on retry end the invocation (Lambda retries); the others fail the redrive. */
function readFailure(error: unknown, what: string): unknown {
  if (classifyCheckpointError(error) === UnrecoverableErrorScope.INVOCATION) return error;
  return new RedriveError(
    RedriveFailure.sourceUnreadable,
    `The redrive could not read ${what}: ${error instanceof Error ? error.message : String(error)}. The function's ` +
      "role needs lambda:ListDurableExecutionsByFunction and lambda:GetDurableExecutionHistory on its own executions.",
    { cause: error },
  );
}

async function findExecution(
  transport: RedriveTransport,
  functionName: string,
  qualifier: string | undefined,
  name: string,
): Promise<string> {
  let marker: string | undefined;
  try {
    do {
      const page = await transport.listExecutionsByFunction({
        FunctionName: functionName,
        Qualifier: qualifier,
        DurableExecutionName: name,
        Marker: marker,
      });
      const found = page.DurableExecutions?.find((execution) => execution.DurableExecutionName === name);
      if (found?.DurableExecutionArn !== undefined) return found.DurableExecutionArn;
      marker = page.NextMarker || undefined;
    } while (marker !== undefined);
  } catch (error) {
    throw readFailure(error, `the executions of ${functionName}`);
  }
  throw new RedriveError(
    RedriveFailure.sourceNotFound,
    `This execution is named as a redrive of "${name}", but function ${functionName}` +
      `${qualifier === undefined ? "" : `:${qualifier}`} has no execution with that name. Start redrives with ` +
      'DurableExecutions.redrive() from @durable-lambda/client, and do not name other executions "…--redrive-<n>".',
  );
}

async function readSource(transport: RedriveTransport, executionArn: string): Promise<SourceExecution> {
  const events: HistoryEvent[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await transport.getExecutionHistory({
        DurableExecutionArn: executionArn,
        IncludeExecutionData: true,
        Marker: marker,
        MaxItems: HISTORY_PAGE_SIZE,
      });
      if (page.Events !== undefined) events.push(...page.Events);
      if (events.length >= RedriveLimits.maxSourceHistoryEvents) break;
      marker = page.NextMarker || undefined;
    } while (marker !== undefined);
  } catch (error) {
    throw readFailure(error, `the history of ${executionArn}`);
  }
  return foldSourceHistory(events);
}

function refuse(message: string, failure: RedriveFailure = RedriveFailure.sourceNotRedrivable): never {
  throw new RedriveError(failure, message);
}

/** The checks on the execution a redrive continues directly. */
function checkSource(
  sourceArn: string,
  source: SourceExecution,
  ownInput: string | undefined,
  ownStart: Date | undefined,
): void {
  if (!REDRIVABLE_STATUSES.has(source.status ?? "")) {
    refuse(
      `The source ${sourceArn} is ${source.status}; only FAILED, TIMED_OUT and STOPPED executions can be redriven.`,
    );
  }
  if (source.eventCount >= RedriveLimits.maxSourceHistoryEvents) {
    refuse(
      `The source ${sourceArn} has ${RedriveLimits.maxSourceHistoryEvents} or more history events, more than a redrive ` +
        "reads back. Start a new execution instead.",
    );
  }
  if (
    ownStart !== undefined &&
    source.endTimestamp !== undefined &&
    ownStart.getTime() - source.endTimestamp.getTime() > RedriveLimits.redrivablePeriodMs
  ) {
    refuse(
      `The source ${sourceArn} ended more than 14 days before this redrive started. Start a new execution instead.`,
    );
  }
  if ((source.input ?? "") !== (ownInput ?? "")) {
    refuse(
      `This redrive's input differs from the input of its source ${sourceArn}; a redrive must run with the same input. ` +
        "Start redrives with DurableExecutions.redrive(), which copies it.",
      RedriveFailure.inputMismatch,
    );
  }
}

/**
 * When this execution is a redrive (its name is `<name>--redrive-<n>`), finds the executions of its
 * chain among its own function's executions, checks that it may continue its source, and builds
 * the seed of results it takes from them. Runs on every invocation of a redrive, before user code.
 *
 * @throws RedriveError when the redrive is refused (the execution then fails with it); the
 *   transport's error when reading failed in a way a retry may fix (Lambda retries the invocation).
 */
export async function loadRedriveSeed(request: RedriveSeedRequest): Promise<LoadedRedrive> {
  if (!request.durableExecutionArn.includes(RedriveNaming.separator)) {
    return { seed: undefined, operations: request.operations };
  }
  const parts = parseDurableExecutionArn(request.durableExecutionArn);
  const lineage = parts === undefined ? undefined : redriveLineageOf(parts.executionName);
  if (parts === undefined || lineage === undefined || lineage.redriveCount === 0) {
    return { seed: undefined, operations: request.operations };
  }
  if (!request.enabled) {
    refuse(
      `This execution is a redrive (${parts.executionName}), but the function does not accept redrives. Opt in with ` +
        "withDurableExecution(handler, { redrive: true }) (or durable({ redrive: true }) with Middy) once its code can " +
        "continue executions it failed; until then this execution does nothing, so nothing runs twice.",
      RedriveFailure.notEnabled,
    );
  }
  const transport = asRedriveTransport(request.transport);
  if (transport === undefined) {
    refuse(
      "This execution is a redrive, but the durable execution transport cannot read other executions: it needs " +
        "getExecutionHistory(params) and listExecutionsByFunction(params). Use the default Lambda transport.",
      RedriveFailure.transport,
    );
  }
  const own = request.operations.filter((operation) => operation.SubType !== REDRIVE_DIVERGENCE_SUBTYPE);
  const executionOperation = own.find((operation) => operation.Type === "EXECUTION");
  const startTimestamp = executionOperation?.StartTimestamp;

  const chain: { arn: string; source: SourceExecution }[] = [];
  for (let count = 0; count < lineage.redriveCount; count++) {
    const name = redriveExecutionName(lineage.originalName, count);
    const arn = await findExecution(transport, parts.functionName, parts.qualifier, name);
    chain.push({ arn, source: await readSource(transport, arn) });
  }
  const direct = chain.at(-1) as { arn: string; source: SourceExecution };
  checkSource(
    direct.arn,
    direct.source,
    executionOperation?.ExecutionDetails?.InputPayload,
    startTimestamp === undefined ? undefined : new Date(startTimestamp),
  );

  const seed = new RedriveSeed(direct.arn);
  for (const link of chain) seed.overlay(link.source);
  for (const operation of request.operations) {
    if (operation.SubType !== REDRIVE_DIVERGENCE_SUBTYPE) continue;
    const from = readDivergence(operation.StepDetails?.Result);
    if (from !== undefined) seed.divergeFrom(from);
  }
  return { seed, operations: own };
}
