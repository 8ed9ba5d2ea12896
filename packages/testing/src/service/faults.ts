import {
  createNetworkError,
  DurableServiceError,
  LocalRunnerError,
  ServiceErrorCode,
} from "../errors/service-errors.js";
import { rejectUnknownKeys } from "../options/known-keys.js";
import { INVALID_CHECKPOINT_TOKEN_PREFIX } from "./constants.js";

/**
 * Names of the service APIs, as used in `ServiceRequestRecord.api` and fault injection.
 *
 * @example
 * ```ts
 * service.requests.filter((request) => request.api === ServiceApi.checkpoint);
 * ```
 */
export const ServiceApi = {
  checkpoint: "checkpoint",
  getState: "getState",
  getExecution: "getExecution",
  getHistory: "getHistory",
  stop: "stop",
  callbackSuccess: "callbackSuccess",
  callbackFailure: "callbackFailure",
  callbackHeartbeat: "callbackHeartbeat",
  invoke: "invoke",
  listByFunction: "listByFunction",
} as const;

/** One of the {@link ServiceApi} names. */
export type ServiceApi = (typeof ServiceApi)[keyof typeof ServiceApi];

/**
 * Ready-made faults.
 *
 * @example
 * ```ts
 * service.injectFault({ api: ServiceApi.checkpoint, error: FaultKind.throttle, times: 2 });
 * ```
 */
export const FaultKind = {
  /** `TooManyRequestsException` (429): an engine should retry the invocation. */
  throttle: "throttle",
  /** `ServiceException` (500): an engine should retry the invocation. */
  server: "server",
  /** `InvalidParameterValueException` "Invalid Checkpoint Token…" (400): retry the invocation. */
  staleToken: "staleToken",
  /** `InvalidParameterValueException` (400), not a token problem: an engine should fail the execution. */
  badRequest: "badRequest",
  /** The connection drops without a response (over HTTP the socket is destroyed). */
  network: "network",
} as const;

/** One of the {@link FaultKind} names. */
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/**
 * What `LocalDurableService.injectFault` accepts.
 *
 * @example
 * ```ts
 * const spec: FaultSpec = { api: "getState", error: "server", afterCalls: 1, times: Infinity };
 * ```
 */
export interface FaultSpec {
  /** The API to break. */
  api: ServiceApi;
  /** The error to raise: a {@link FaultKind} name or any error object (for example from `createServiceError`). */
  error: FaultKind | Error;
  /** How many calls fail. Default: 1. `Infinity` keeps failing until removed. */
  times?: number;
  /** How many matching calls succeed before the first failure. Default: 0. */
  afterCalls?: number;
  /**
   * Apply the request, then replace the response with the error (a lost response after a write,
   * as when the function crashes or the connection drops after the service committed).
   * Default: false (the request is rejected before anything changes).
   */
  persist?: boolean;
}

const FAULT_SPEC_KEYS = ["api", "error", "times", "afterCalls", "persist"] as const satisfies ReadonlyArray<
  keyof FaultSpec
>;

/** Handle of an injected fault. */
export interface FaultHandle {
  /** Calls that have failed because of this fault so far. */
  readonly triggered: number;
  /** Removes the fault. */
  remove(): void;
}

/** A fault that matched a call. */
export interface TriggeredFault {
  error: Error;
  persist: boolean;
}

interface FaultRule {
  readonly api: ServiceApi;
  readonly error: FaultKind | Error;
  readonly persist: boolean;
  remaining: number;
  skip: number;
  triggered: number;
}

const FAULT_DEFAULTS = { times: 1, afterCalls: 0, persist: false } as const;

/** Builds the error for a ready-made fault kind. */
export function errorForFault(kind: FaultKind | Error): Error {
  if (kind instanceof Error) return kind;
  switch (kind) {
    case FaultKind.throttle:
      return new DurableServiceError(ServiceErrorCode.TooManyRequests, "Rate exceeded (injected fault).", {
        retryAfterSeconds: "1",
        reason: "CallerRateLimitExceeded",
      });
    case FaultKind.server:
      return new DurableServiceError(
        ServiceErrorCode.Service,
        "The service encountered an internal error (injected fault). Retry the request.",
      );
    case FaultKind.staleToken:
      return new DurableServiceError(
        ServiceErrorCode.InvalidParameterValue,
        `${INVALID_CHECKPOINT_TOKEN_PREFIX}: the token is stale (injected fault). Re-invoke the function to get a fresh token.`,
      );
    case FaultKind.badRequest:
      return new DurableServiceError(
        ServiceErrorCode.InvalidParameterValue,
        "One of the parameters in the request is not valid (injected fault).",
      );
    case FaultKind.network:
      return createNetworkError();
    default:
      throw new LocalRunnerError(
        `Unknown fault ${JSON.stringify(kind)}; use one of ${Object.values(FaultKind).join(", ")} or an Error object.`,
      );
  }
}

/** The set of injected faults of one service. */
export class FaultInjector {
  #rules: FaultRule[] = [];

  add(spec: FaultSpec): FaultHandle {
    rejectUnknownKeys("injectFault", spec, FAULT_SPEC_KEYS);
    if (!Object.values(ServiceApi).includes(spec.api)) {
      throw new LocalRunnerError(
        `injectFault: unknown api ${JSON.stringify(spec.api)}; use one of ${Object.values(ServiceApi).join(", ")}.`,
      );
    }
    errorForFault(spec.error); // fail fast on an unknown kind
    const times = spec.times ?? FAULT_DEFAULTS.times;
    const afterCalls = spec.afterCalls ?? FAULT_DEFAULTS.afterCalls;
    if (!(times > 0) || !(afterCalls >= 0) || !Number.isInteger(afterCalls)) {
      throw new LocalRunnerError(
        `injectFault: times must be a positive number (or Infinity) and afterCalls a non-negative integer; got times=${times}, afterCalls=${afterCalls}.`,
      );
    }
    const rule: FaultRule = {
      api: spec.api,
      error: spec.error,
      persist: spec.persist ?? FAULT_DEFAULTS.persist,
      remaining: times,
      skip: afterCalls,
      triggered: 0,
    };
    this.#rules.push(rule);
    return {
      get triggered() {
        return rule.triggered;
      },
      remove: () => {
        this.#rules = this.#rules.filter((candidate) => candidate !== rule);
      },
    };
  }

  clear(): void {
    this.#rules = [];
  }

  /** Counts a call to `api` and returns the fault it triggers, if any. */
  next(api: ServiceApi): TriggeredFault | undefined {
    let chosen: FaultRule | undefined;
    for (const rule of this.#rules) {
      if (rule.api !== api) continue;
      if (rule.skip > 0) {
        rule.skip -= 1;
        continue;
      }
      if (chosen === undefined && rule.remaining > 0) {
        chosen = rule;
        rule.remaining -= 1;
        rule.triggered += 1;
      }
    }
    this.#rules = this.#rules.filter((rule) => rule.remaining > 0);
    return chosen === undefined ? undefined : { error: errorForFault(chosen.error), persist: chosen.persist };
  }
}
