import type { ErrorObject, Operation } from "@aws-sdk/client-lambda";
import { LocalRunnerError } from "../errors/service-errors.js";
import { OperationType } from "../service/constants.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import { detailsOf, type OperationDetails } from "./operation-details.js";

/**
 * A live view of one operation of a running execution, with the callback APIs a test needs to
 * play the external system.
 *
 * For a `waitForCallback` operation (a CONTEXT holding a CALLBACK), the callback methods target
 * the inner CALLBACK, waiting for it to be created if needed.
 *
 * @example
 * ```ts
 * const approval = runner.waitForOperation("approval");
 * const run = runner.run({ input: {} });
 * await (await approval).sendCallbackSuccess(JSON.stringify({ approved: true }));
 * const result = await run;
 * ```
 */
export class OperationHandle {
  readonly #service: LocalDurableService;
  /** ARN of the execution the operation belongs to. */
  readonly executionArn: string;
  /** The operation id. */
  readonly id: string;

  constructor(service: LocalDurableService, executionArn: string, id: string) {
    this.#service = service;
    this.executionArn = executionArn;
    this.id = id;
  }

  /** The operation as it is now. */
  get operation(): Operation {
    const operation = this.#service
      .getOperations(this.executionArn)
      .find((candidate) => candidate.Id === this.id);
    if (operation === undefined) {
      throw new LocalRunnerError(`Operation ${this.id} no longer exists in ${this.executionArn}.`);
    }
    return operation;
  }

  /** The operation as it is now, with its result parsed from JSON. */
  details<T = unknown>(): OperationDetails<T> {
    return detailsOf<T>(this.operation);
  }

  /** The operation's current status. */
  get status(): string | undefined {
    return this.operation.Status;
  }

  /** The CallbackId of this callback (or of the callback inside this waitForCallback), once it exists. */
  async getCallbackId(): Promise<string> {
    const found = this.#findCallbackId();
    if (found !== undefined) return found;
    return new Promise<string>((resolve, reject) => {
      const stop = this.#service.onChange((change) => {
        if (change.executionArn !== this.executionArn) return;
        if (change.kind === "execution") {
          stop();
          reject(
            new LocalRunnerError(
              `Operation ${this.id} never created a callback: execution ${this.executionArn} ended (${change.status}).`,
            ),
          );
          return;
        }
        const callbackId = this.#findCallbackId();
        if (callbackId !== undefined) {
          stop();
          resolve(callbackId);
        }
      });
    });
  }

  /** Completes the callback with a result (JSON text by convention, or bytes). */
  async sendCallbackSuccess(result?: string | Uint8Array): Promise<void> {
    const CallbackId = await this.getCallbackId();
    await this.#service.sendDurableExecutionCallbackSuccess(
      result === undefined ? { CallbackId } : { CallbackId, Result: result },
    );
  }

  /** Fails the callback. */
  async sendCallbackFailure(error?: ErrorObject): Promise<void> {
    const CallbackId = await this.getCallbackId();
    await this.#service.sendDurableExecutionCallbackFailure(
      error === undefined ? { CallbackId } : { CallbackId, Error: error },
    );
  }

  /** Restarts the callback's heartbeat timeout. */
  async sendCallbackHeartbeat(): Promise<void> {
    const CallbackId = await this.getCallbackId();
    await this.#service.sendDurableExecutionCallbackHeartbeat({ CallbackId });
  }

  #findCallbackId(): string | undefined {
    const operations = this.#service.getOperations(this.executionArn);
    const self = operations.find((candidate) => candidate.Id === this.id);
    if (self === undefined) return undefined;
    if (self.Type === OperationType.CALLBACK) return self.CallbackDetails?.CallbackId;
    if (self.Type !== OperationType.CONTEXT) {
      throw new LocalRunnerError(
        `Operation ${self.Name ?? self.Id} is a ${self.Type}; callback methods need a CALLBACK or a waitForCallback CONTEXT.`,
      );
    }
    const inner = operations.find(
      (candidate) => candidate.ParentId === this.id && candidate.Type === OperationType.CALLBACK,
    );
    return inner?.CallbackDetails?.CallbackId;
  }
}
