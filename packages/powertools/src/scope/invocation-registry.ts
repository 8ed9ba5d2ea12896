import type { InvocationInfo } from "@durable-lambda/core";
import { ReplayTracker } from "./replay-tracker.js";

/** What the Powertools adapters know about the invocation that is running. */
export interface InvocationScope {
  readonly executionArn: string;
  readonly requestId: string;
  /** True when this invocation started the execution: nothing is replayed. */
  readonly isFirstInvocation: boolean;
  /** The user's event (the execution's input), the same on every invocation. */
  readonly executionInput: unknown;
  readonly replay: ReplayTracker;
}

interface Registration {
  readonly scope: InvocationScope;
  /** The plugins that saw the invocation start and have not yet seen it end. */
  readonly holders: Set<object>;
}

/**
 * The invocations running in this process, by execution ARN. Each entry lives from the first
 * plugin's `onInvocationStart` to the last plugin's `onInvocationEnd`, so nothing outlives an
 * invocation: a warm Lambda runs many invocations, and a Managed Instance several at once. Several
 * plugins (logger, tracer, metrics) share one entry and therefore one replay state.
 */
export class InvocationRegistry {
  readonly #active = new Map<string, Registration>();

  /** Registers `holder` for the invocation `info` describes and returns its scope. */
  begin(holder: object, info: InvocationInfo): InvocationScope {
    let registration = this.#active.get(info.executionArn);
    if (registration === undefined || registration.scope.requestId !== info.requestId) {
      registration = {
        scope: {
          executionArn: info.executionArn,
          requestId: info.requestId,
          isFirstInvocation: info.isFirstInvocation,
          executionInput: info.executionInput,
          replay: new ReplayTracker(info.operations),
        },
        holders: new Set(),
      };
      this.#active.set(info.executionArn, registration);
    }
    registration.holders.add(holder);
    return registration.scope;
  }

  /** Unregisters `holder`; the invocation is forgotten once no plugin holds it. */
  end(holder: object, executionArn: string): void {
    const registration = this.#active.get(executionArn);
    if (registration === undefined) return;
    registration.holders.delete(holder);
    if (registration.holders.size === 0) this.#active.delete(executionArn);
  }

  /**
   * The invocation of execution `executionArn`, or, without an ARN, the only invocation running
   * (a Lambda environment runs one at a time unless it is a Managed Instance).
   */
  find(executionArn?: string): InvocationScope | undefined {
    if (executionArn !== undefined) return this.#active.get(executionArn)?.scope;
    if (this.#active.size !== 1) return undefined;
    for (const registration of this.#active.values()) return registration.scope;
    return undefined;
  }

  /** The invocation Lambda request `requestId` runs, if a plugin registered it. */
  findByRequestId(requestId: string): InvocationScope | undefined {
    for (const registration of this.#active.values()) {
      if (registration.scope.requestId === requestId) return registration.scope;
    }
    return undefined;
  }
}

/** The registry every adapter of this package shares. */
export const activeInvocations = new InvocationRegistry();
