import type { DurableExecutionClient } from "@durable-lambda/core";

/** Half of the round trip before the service sees the request, half before the answer arrives. */
const HALVES = 2;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Wraps a transport so that every call costs `roundTripMs` of wall time, the way a request to the
 * service in the same region does (roughly 5–30 ms): half on the way out (the service applies the
 * request after it), half on the way back. At 0 ms the calls go straight through.
 *
 * @example
 * ```ts
 * const client = withRoundTrip(service.client, 10);
 * ```
 */
export function withRoundTrip(client: DurableExecutionClient, roundTripMs: number): DurableExecutionClient {
  if (roundTripMs <= 0) return client;
  // Whole milliseconds: Node's timers have millisecond resolution.
  const out = Math.floor(roundTripMs / HALVES);
  const back = roundTripMs - out;
  return {
    getExecutionState: async (params) => {
      await pause(out);
      const response = await client.getExecutionState(params);
      await pause(back);
      return response;
    },
    checkpoint: async (params) => {
      await pause(out);
      const response = await client.checkpoint(params);
      await pause(back);
      return response;
    },
  };
}
