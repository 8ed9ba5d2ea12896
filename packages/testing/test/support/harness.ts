import type { CheckpointDurableExecutionResponse, OperationUpdate } from "@aws-sdk/client-lambda";
import { expect } from "vitest";
import {
  type DurableInvocationEnvelope,
  InMemoryDurableStore,
  LocalDurableService,
  VirtualClock,
} from "../../src/index.js";

/** Fixed start so timestamps in assertions are readable. */
export const T0 = Date.UTC(2030, 0, 1);
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A service on a virtual clock whose store hands out copies, as a persistent store does: a change
 * the service forgets to write back is lost, so every test through it checks the write-back too.
 */
export function newService(options: { initialStatePageSize?: number } = {}): LocalDurableService {
  return new LocalDurableService({
    clock: new VirtualClock({ start: T0 }),
    store: new InMemoryDurableStore({ copyRecords: true }),
    ...options,
  });
}

/** An execution with one open invocation, and a checkpoint function that chains tokens. */
export interface OpenInvocation {
  arn: string;
  envelope: DurableInvocationEnvelope;
  readonly token: string;
  checkpoint(updates: OperationUpdate[], clientToken?: string): Promise<CheckpointDurableExecutionResponse>;
}

export function openInvocation(service: LocalDurableService, input = "{}"): OpenInvocation {
  const arn = service.startExecution({ functionName: "orders", input });
  return continueInvocation(service, arn);
}

export function continueInvocation(service: LocalDurableService, arn: string): OpenInvocation {
  const envelope = service.startInvocation(arn);
  let token = envelope.CheckpointToken;
  return {
    arn,
    envelope,
    get token() {
      return token;
    },
    async checkpoint(updates, clientToken) {
      const response = await service.checkpointDurableExecution({
        DurableExecutionArn: arn,
        CheckpointToken: token,
        Updates: updates,
        ...(clientToken === undefined ? {} : { ClientToken: clientToken }),
      });
      token = response.CheckpointToken as string;
      return response;
    },
  };
}

/** Asserts the promise rejects with a service error of that name whose message starts with `messageStart`. */
export async function expectServiceError(
  promise: Promise<unknown>,
  name: string,
  messageStart: string,
  httpStatusCode?: number,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${name}`).toBeInstanceOf(Error);
  const serviceError = error as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string };
  expect(serviceError.name).toBe(name);
  expect(serviceError.message.startsWith(messageStart), `message: ${serviceError.message}`).toBe(true);
  if (httpStatusCode !== undefined) expect(serviceError.$metadata?.httpStatusCode).toBe(httpStatusCode);
}

export const step = (
  id: string,
  action: OperationUpdate["Action"],
  extra: Partial<OperationUpdate> = {},
): OperationUpdate => ({
  Id: id,
  Type: "STEP",
  SubType: "Step",
  Action: action,
  ...extra,
});

export const context = (
  id: string,
  action: OperationUpdate["Action"],
  extra: Partial<OperationUpdate> = {},
): OperationUpdate => ({ Id: id, Type: "CONTEXT", SubType: "RunInChildContext", Action: action, ...extra });
