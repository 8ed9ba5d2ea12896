import type { VirtualClock } from "../clock/virtual-clock.js";
import { ServiceLimits } from "./constants.js";
import type { InMemoryDurableStore } from "./state/in-memory-store.js";
import type { TimerKind } from "./state/records.js";
import type { DurableStore } from "./state/store.js";

/**
 * Options of {@link LocalDurableService}.
 *
 * @example
 * ```ts
 * const service = new LocalDurableService({ clock: new VirtualClock({ start: Date.UTC(2030, 0, 1) }), initialStatePageSize: 10 });
 * ```
 */
export interface LocalDurableServiceOptions {
  /** The clock timers run on. Default: a new {@link VirtualClock} starting now. */
  clock?: VirtualClock;
  /** Where executions, operations, history, timers and callback ids are kept. Default: a new {@link InMemoryDurableStore}. */
  store?: DurableStore;
  /** Region used in ARNs. Default: `us-east-1`. */
  region?: string;
  /** Account id used in ARNs. Default: `123456789012`. */
  accountId?: string;
  /**
   * Operations in the invocation envelope's first page; the engine pages the rest with
   * `GetDurableExecutionState`. Default: 100 (the API's default page size).
   */
  initialStatePageSize?: number;
  /** Keep every API call in {@link LocalDurableService.requests}. Default: true. */
  recordRequests?: boolean;
}

/** Defaults of {@link LocalDurableServiceOptions}. */
export const SERVICE_DEFAULTS = {
  initialStatePageSize: ServiceLimits.defaultPageSize,
  recordRequests: true,
} as const;

/** Every key {@link LocalDurableServiceOptions} accepts. */
export const SERVICE_OPTION_KEYS = [
  "clock",
  "store",
  "region",
  "accountId",
  "initialStatePageSize",
  "recordRequests",
] as const satisfies ReadonlyArray<keyof LocalDurableServiceOptions>;

/** The next timer of an execution (or of all): when it is due and what kind it is. */
export interface NextTimer {
  /** Due time, epoch milliseconds on the service clock. */
  dueAt: number;
  /** `retry`, `wait`, `callbackTimeout`, `callbackHeartbeat` or `executionTimeout`. */
  kind: TimerKind;
  /** ARN of the execution it belongs to. */
  executionArn: string;
}
