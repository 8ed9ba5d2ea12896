import type { VirtualClock } from "../clock/virtual-clock.js";
import { FaultInjector, type ServiceApi } from "./faults.js";
import type { ServiceRequestRecord } from "./types.js";

function safeCopy(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/**
 * Runs every Lambda API call of the service: applies injected faults, records the call (when
 * recording is on) and tells request listeners.
 */
export class RequestRecorder {
  readonly faults = new FaultInjector();
  readonly requests: ServiceRequestRecord[] = [];
  readonly listeners = new Set<(record: ServiceRequestRecord) => void>();
  readonly #clock: VirtualClock;
  readonly #record: boolean;

  constructor(clock: VirtualClock, record: boolean) {
    this.#clock = clock;
    this.#record = record;
  }

  /**
   * Calls `run` unless a fault fails the call first; a persistent fault fails it after `run`
   * has applied it (the caller sees an error for a request that took effect). A synchronous
   * `run` is recorded before this returns.
   */
  call<T>(api: ServiceApi, params: unknown, executionArn: unknown, run: () => T | Promise<T>): Promise<T> {
    const record: ServiceRequestRecord = {
      api,
      executionArn: typeof executionArn === "string" ? executionArn : undefined,
      params: safeCopy(params),
      timestamp: this.#clock.date(),
    };
    let fault: ReturnType<FaultInjector["next"]>;
    let result: T | Promise<T>;
    try {
      fault = this.faults.next(api);
      if (fault !== undefined && !fault.persist) throw fault.error;
      result = run();
    } catch (error) {
      return Promise.reject(this.#failed(record, error));
    }
    if (result instanceof Promise) {
      return result.then(
        (response) => this.#succeeded(record, response, fault),
        (error: unknown) => Promise.reject(this.#failed(record, error)),
      );
    }
    try {
      return Promise.resolve(this.#succeeded(record, result, fault));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #succeeded<T>(record: ServiceRequestRecord, response: T, fault: ReturnType<FaultInjector["next"]>): T {
    record.response = safeCopy(response);
    if (fault !== undefined) throw this.#failed(record, fault.error);
    this.#done(record);
    return response;
  }

  #failed(record: ServiceRequestRecord, error: unknown): unknown {
    record.error = error instanceof Error ? error : new Error(String(error));
    this.#done(record);
    return error;
  }

  #done(record: ServiceRequestRecord): void {
    if (this.#record) this.requests.push(record);
    for (const listener of [...this.listeners]) listener(record);
  }
}
