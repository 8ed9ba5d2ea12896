import type { OperationUpdate } from "@durable-lambda/core";
import { type RunCapture, runScenario, TIMED_OUT_STATUS } from "../support/differential.js";
import { workflowScenario } from "./interpret.js";
import type { Workflow } from "./workflow.js";

/** One field where the two engines disagree. */
export interface Difference {
  path: string;
  official: unknown;
  ours: unknown;
}

/**
 * JSON with object keys sorted: the AWS SDK writes request fields in its own order, so the order of
 * keys in an update object never reaches the wire; payload strings stay byte-exact.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}

/** Every update of each operation, in the order sent: batching may differ, each operation's story may not. */
function updatesByOperation(requests: OperationUpdate[][]): Record<string, string[]> {
  const byId: Record<string, string[]> = {};
  for (const update of requests.flat()) {
    const id = update.Id ?? "(no id)";
    const updates = byId[id] ?? [];
    updates.push(canonicalJson(update));
    byId[id] = updates;
  }
  return byId;
}

/** Stack traces name each engine's own frames; the rest of a stored error must match. */
function withoutStacks(text: string | undefined): string | undefined {
  return text?.replace(/("stack\\*":\\*")[^"]*?(?=\\*")/g, "$1<stack>");
}

/** What must be identical on both engines, field by field. */
function comparable(capture: RunCapture) {
  return JSON.parse(withoutStacks(JSON.stringify(comparableFields(capture))) as string) as unknown;
}

function comparableFields(capture: RunCapture) {
  return {
    status: capture.status,
    result: capture.rawResult,
    error: capture.error,
    invocations: capture.invocations,
    updates: updatesByOperation(capture.requests),
    operations: Object.fromEntries(capture.operations.map((operation) => [operation.Id, operation])),
    events: [...capture.events].sort(),
  };
}

const MAX_DIFFERENCES = 10;

/** Generated workflows end in well under a second on both engines, unless one waits on the real clock. */
const RUN_TIME_LIMIT_MS = 5_000;

function collectDifferences(official: unknown, ours: unknown, path: string, out: Difference[]): void {
  if (out.length >= MAX_DIFFERENCES || Object.is(official, ours)) return;
  const bothObjects =
    typeof official === "object" && official !== null && typeof ours === "object" && ours !== null;
  if (!bothObjects || Array.isArray(official) !== Array.isArray(ours)) {
    out.push({ path, official, ours });
    return;
  }
  const left = official as Record<string, unknown>;
  const right = ours as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (left[key] === undefined && right[key] === undefined) continue;
    collectDifferences(left[key], right[key], `${path}.${key}`, out);
  }
}

/** The differences between two captures of the same workflow (empty when the engines agree). */
export function compareCaptures(official: RunCapture, ours: RunCapture): Difference[] {
  const out: Difference[] = [];
  collectDifferences(comparable(official), comparable(ours), "run", out);
  return out;
}

/** Statuses of a step waiting for its next attempt: PENDING until the retry is due, then READY. */
const AWAITING_RETRY: ReadonlySet<unknown> = new Set(["PENDING", "READY"]);

/**
 * A capture without the count of invocations: what is left when only the number of invocations
 * differs. A step still awaiting a retry when the execution has ended belongs to an abandoned
 * batch item; whether its retry came due before the end (READY) or not (PENDING) depends only on
 * how long the last invocation stayed open, so both read as awaiting a retry.
 */
function withoutInvocationCount(capture: RunCapture): RunCapture {
  const ended = !["RUNNING", "PENDING"].includes(capture.status);
  return {
    ...capture,
    invocations: capture.invocations.slice(-1),
    events: capture.events.filter((event) => event !== "InvocationCompleted"),
    operations: capture.operations.map((operation) =>
      ended && operation.Type === "STEP" && AWAITING_RETRY.has(operation.Status)
        ? { ...operation, Status: "awaiting a retry" }
        : operation,
    ),
  };
}

/**
 * Whether two captures differ only in the number of invocations: the engines chose different
 * moments to suspend (the README's compatibility table explains when). Any other difference is a
 * divergence.
 */
export function differOnlyInInvocationCount(official: RunCapture, ours: RunCapture): boolean {
  return (
    official.invocations.length !== ours.invocations.length &&
    compareCaptures(withoutInvocationCount(official), withoutInvocationCount(ours)).length === 0
  );
}

/** How a workflow compared: its differences, or one of the outcomes the README's table explains. */
export interface Comparison {
  differences: Difference[];
  /** The official engine did not finish within the time limit, while this engine did. */
  officialTooSlow: boolean;
  /** The engines differ only in the number of invocations. */
  otherInvocationCount: boolean;
  /** One engine gave a different history when the same workflow ran again. */
  timingDependent: boolean;
}

const AGREED: Comparison = {
  differences: [],
  officialTooSlow: false,
  otherInvocationCount: false,
  timingDependent: false,
};

/**
 * How many times both engines run a differing workflow again to see whether one of them gives
 * another history: two retries coming due in the same instant on the real clock may run in either
 * order, and a single rerun does not always show it.
 */
const TIMING_RERUNS = 3;

/** What both engines are configured with (the fuzzer adds a plugin to some workflows). */
export type EngineConfig = Parameters<typeof runScenario>[3];

/**
 * Where the engines disagree on a workflow (nothing when they agree). Three outcomes are not
 * divergences, because the README's compatibility table lists their cause: the engines suspend at
 * different moments, so the official engine keeps an invocation open for a long wait on the real
 * clock (it does not finish within the time limit and cannot be compared) or the executions differ
 * only in the number of invocations; and both engines watch what comes due during an invocation
 * on the real clock, so a workflow may take another path on another run of the same engine. That
 * last one is only set apart when it is seen: both engines run again (up to three times), and one
 * of them gives a history different from its first.
 */
export async function differencesOf(workflow: Workflow, config?: EngineConfig): Promise<Comparison> {
  const scenario = workflowScenario(workflow);
  const official = await runScenario(scenario, () => "official", RUN_TIME_LIMIT_MS, config);
  const ours = await runScenario(scenario, () => "ours", RUN_TIME_LIMIT_MS, config);
  if (official.status === TIMED_OUT_STATUS && ours.status !== TIMED_OUT_STATUS) {
    return { ...AGREED, officialTooSlow: true };
  }
  const differences = compareCaptures(official, ours);
  if (differences.length === 0) return AGREED;
  if (differOnlyInInvocationCount(official, ours)) return { ...AGREED, otherInvocationCount: true };
  let timingDependent = false;
  for (let rerun = 0; rerun < TIMING_RERUNS && !timingDependent; rerun++) {
    const officialAgain = await runScenario(scenario, () => "official", RUN_TIME_LIMIT_MS, config);
    const oursAgain = await runScenario(scenario, () => "ours", RUN_TIME_LIMIT_MS, config);
    timingDependent =
      compareCaptures(official, officialAgain).length > 0 || compareCaptures(ours, oursAgain).length > 0;
  }
  return { ...AGREED, differences: timingDependent ? [] : differences, timingDependent };
}
