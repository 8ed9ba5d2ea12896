import { nextRedriveName } from "./redrive-name.js";

/** The limits a source execution must be within to be redriven. */
export const RedriveLimits = {
  /** An execution can be redriven for 14 days after it ended. */
  redrivablePeriodMs: 14 * 24 * 60 * 60 * 1000,
  /**
   * The largest history, in events, a redrive reads back: the redrive's engine pages through the
   * whole history of its source on each of its invocations.
   */
  maxSourceHistoryEvents: 25_000,
} as const;

/** Final statuses an execution can be redriven from. */
export const REDRIVABLE_STATUSES: ReadonlySet<string> = new Set(["FAILED", "TIMED_OUT", "STOPPED"]);

/** The condition a source execution does not meet, when it cannot be redriven. */
export const RedriveCondition = {
  /** It is RUNNING or SUCCEEDED. */
  status: "status",
  /** It ended more than 14 days ago. */
  redrivablePeriod: "redrivablePeriod",
  /** Its history has too many events to be read back. */
  historySize: "historySize",
  /** It has been redriven already; the next redrive continues that execution. */
  alreadyRedriven: "alreadyRedriven",
  /** Its name is too long for the name of its redrive. */
  nameLength: "nameLength",
} as const;
export type RedriveCondition = (typeof RedriveCondition)[keyof typeof RedriveCondition];

/** What {@link checkRedrivable} needs to know about a source execution. */
export interface RedriveCandidate {
  readonly executionName: string;
  readonly status: string;
  readonly endDate?: Date | undefined;
  /** Number of events in its history. */
  readonly historyEventCount: number;
  /** The ARN of its redrive, when it has one. */
  readonly redrivenTo?: string | undefined;
}

/** Whether an execution can be redriven, and if not, which condition failed and why. */
export type Redrivability =
  | { readonly redrivable: true }
  | { readonly redrivable: false; readonly condition: RedriveCondition; readonly reason: string };

/**
 * Checks the conditions of a redrive: the execution ended unsuccessfully (FAILED, TIMED_OUT or
 * STOPPED), at most 14 days before `now`, its history has fewer than 25,000 events, it has not been
 * redriven yet, and its redrive's name fits. The client reports the result as `redriveStatus` and
 * `redriveStatusReason`; the engine of a redrive checks the same conditions before it continues.
 *
 * @example
 * ```ts
 * const check = checkRedrivable(
 *   { executionName: "order-42", status: "FAILED", endDate, historyEventCount: 12 },
 *   Date.now(),
 * );
 * if (!check.redrivable) console.log(check.reason);
 * ```
 */
export function checkRedrivable(candidate: RedriveCandidate, now: number): Redrivability {
  const { status, endDate, historyEventCount, redrivenTo, executionName } = candidate;
  if (!REDRIVABLE_STATUSES.has(status)) {
    return notRedrivable(
      RedriveCondition.status,
      `Execution is ${status} and cannot be redriven: only FAILED, TIMED_OUT and STOPPED executions can be.`,
    );
  }
  if (redrivenTo !== undefined) {
    return notRedrivable(
      RedriveCondition.alreadyRedriven,
      `Execution was already redriven as ${redrivenTo}; redrive that execution to continue the chain.`,
    );
  }
  if (endDate !== undefined && now - endDate.getTime() > RedriveLimits.redrivablePeriodMs) {
    return notRedrivable(
      RedriveCondition.redrivablePeriod,
      `Execution redrivable period exceeded: it ended at ${endDate.toISOString()}, more than 14 days ago. ` +
        "Start a new execution instead.",
    );
  }
  if (historyEventCount >= RedriveLimits.maxSourceHistoryEvents) {
    return notRedrivable(
      RedriveCondition.historySize,
      `Execution history event limit exceeded: it has ${historyEventCount} events and a redrive reads back at ` +
        `most ${RedriveLimits.maxSourceHistoryEvents - 1}. Start a new execution instead.`,
    );
  }
  if (nextRedriveName(executionName) === undefined) {
    return notRedrivable(
      RedriveCondition.nameLength,
      `Execution name "${executionName}" is too long to name its redrive (a redrive's name adds "--redrive-<n>" ` +
        "and must fit in 64 characters). Start executions you may redrive with shorter names.",
    );
  }
  return { redrivable: true };
}

function notRedrivable(condition: RedriveCondition, reason: string): Redrivability {
  return { redrivable: false, condition, reason };
}
