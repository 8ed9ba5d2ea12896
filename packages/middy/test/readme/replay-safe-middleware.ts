import type { DurableContext, DurableInternal } from "@durable-lambda/middy";
import type { MiddlewareObj } from "@middy/core";

type Flags = { newCheckout: boolean };
type FlagsInternal = DurableInternal & { flags?: Flags };

/** Stands in for a call to a configuration service, whose answer may change at any time. */
async function fetchFlags(): Promise<Flags> {
  return { newCheckout: Math.random() < 0.5 };
}

/**
 * Loads feature flags once per execution: the first invocation fetches them inside a step, later
 * invocations replay the recorded value, so every invocation of the execution takes the same branch.
 */
export const featureFlags = (): MiddlewareObj<unknown, unknown, Error, DurableContext, FlagsInternal> => ({
  before: async (request) => {
    request.internal.flags = await request.context.step("feature flags", fetchFlags);
  },
});

/** Logs the user's event once per execution, not once per invocation. */
export const logEventOnce = (): MiddlewareObj<unknown, unknown, Error, DurableContext, DurableInternal> => ({
  before: (request) => {
    if (request.internal.durable?.isFirstInvocation) console.log(JSON.stringify({ event: request.event }));
  },
});

export interface Pool {
  connect(): Promise<{ release(): void }>;
}
type ConnectionInternal = { connection?: { release(): void } };

/** Opens a connection per invocation and releases it on every invocation, suspended ones included. */
export const connection = (
  pool: Pool,
): MiddlewareObj<unknown, unknown, Error, DurableContext, ConnectionInternal> => {
  const release = (request: { internal: ConnectionInternal }) => {
    request.internal.connection?.release();
  };
  return {
    before: async (request) => {
      request.internal.connection = await pool.connect();
    },
    after: release,
    // A suspension reaches onError as an error (isSuspension(request.error) is true): release here too.
    onError: release,
  };
};
