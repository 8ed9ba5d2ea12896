import { randomUUID } from "node:crypto";
import type { ErrorObject } from "@aws-sdk/client-lambda";
import type { Context } from "aws-lambda";
import { functionArn } from "../service/arns.js";
import { MS_PER_SECOND, ServiceDefaults } from "../service/constants.js";
import type { LocalDurableService } from "../service/local-durable-service.js";
import type { DurableInvocationEnvelope, InvocationOutcome } from "../service/types.js";
import { DurableExecutionInvocationInputWithClient } from "./invocation-input.js";
import { createLambdaContext } from "./lambda-context.js";
import {
  type LocalDurableHandler,
  type PlainLambdaHandler,
  type ResolvedRunnerOptions,
  RunnerTransport,
} from "./options.js";

/** Lambda's limit on a function's response. */
const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

const INVOCATION_STATUSES: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "PENDING"]);

/** The `ErrorObject` Lambda reports for what a handler threw (or passed to its callback). */
export function toErrorObject(error: unknown): ErrorObject {
  if (error instanceof Error) {
    const stack = error.stack
      ?.split("\n")
      .slice(1)
      .map((line) => line.trim());
    return {
      ErrorType: error.name,
      ErrorMessage: error.message,
      ...(stack === undefined || stack.length === 0 ? {} : { StackTrace: stack }),
    };
  }
  if (typeof error === "object" && error !== null) {
    const candidate = error as { errorType?: unknown; errorMessage?: unknown };
    if (typeof candidate.errorMessage === "string") {
      return {
        ErrorType: typeof candidate.errorType === "string" ? candidate.errorType : "Error",
        ErrorMessage: candidate.errorMessage,
      };
    }
  }
  return { ErrorType: "Error", ErrorMessage: String(error) };
}

/**
 * Calls handlers the way the Lambda runtime does: a fresh context per call, the function
 * timeout, callback-style handlers, the 6 MB response limit, and (for durable handlers) the
 * event with a client for the in-process transport or plain JSON for HTTP.
 */
export class LambdaInvoker {
  readonly #service: LocalDurableService;
  readonly #options: ResolvedRunnerOptions;

  constructor(service: LocalDurableService, options: ResolvedRunnerOptions) {
    this.#service = service;
    this.#options = options;
  }

  /** Invokes a durable handler with the envelope and turns what it returned into an outcome. */
  async invokeDurable(
    handler: LocalDurableHandler,
    envelope: DurableInvocationEnvelope,
    requestId: string,
    functionName: string,
  ): Promise<InvocationOutcome> {
    const service = this.#service;
    const event =
      this.#options.transport === RunnerTransport.http
        ? (JSON.parse(JSON.stringify(envelope)) as DurableInvocationEnvelope)
        : new DurableExecutionInvocationInputWithClient(envelope, {
            getExecutionState: (params) => service.getDurableExecutionState(params),
            checkpoint: (params) => service.checkpointDurableExecution(params),
            getExecutionHistory: (params) => service.getDurableExecutionHistory(params),
            listExecutionsByFunction: (params) => service.listDurableExecutionsByFunction(params),
          });
    try {
      const raw = await this.#withLambdaLimits(functionName, requestId, false, (context) =>
        handler(event, context),
      );
      return toOutcome(raw);
    } catch (error) {
      return { lambdaError: toErrorObject(error) };
    }
  }

  /** Invokes a plain handler with a parsed event; resolves with what it returned. */
  invokePlain(handler: PlainLambdaHandler, event: unknown, functionName: string): Promise<unknown> {
    // Like the Node.js runtime: a non-async handler declaring a third parameter answers through the callback.
    const usesCallback = handler.length >= 3;
    return this.#withLambdaLimits(functionName, randomUUID(), usesCallback, (context, callback) =>
      handler(event, context, callback),
    );
  }

  #createContext(
    functionName: string,
    requestId: string,
    settle: (error: unknown, result?: unknown) => void,
  ): Context {
    return createLambdaContext({
      functionName,
      functionVersion: ServiceDefaults.functionVersion,
      invokedFunctionArn: functionArn(
        { region: ServiceDefaults.region, accountId: ServiceDefaults.accountId },
        functionName,
        ServiceDefaults.functionVersion,
      ),
      memoryLimitInMB: this.#options.memoryLimitInMB,
      awsRequestId: requestId,
      timeoutMs: this.#options.lambdaTimeoutMs,
      settle,
    });
  }

  /** Calls a handler with a fresh context, honouring callbacks, `context.done` and the Lambda timeout. */
  #withLambdaLimits(
    functionName: string,
    requestId: string,
    usesCallback: boolean,
    call: (context: Context, callback: (error?: unknown, result?: unknown) => void) => unknown,
  ): Promise<unknown> {
    const timeoutMs = this.#options.lambdaTimeoutMs;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error: unknown, result?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== undefined && error !== null) reject(error);
        else resolve(result);
      };
      const timeoutSeconds = (timeoutMs / MS_PER_SECOND).toFixed(2);
      const timer = setTimeout(() => {
        settle(
          Object.assign(new Error(`Task timed out after ${timeoutSeconds} seconds`), {
            name: "Sandbox.Timedout",
          }),
        );
      }, timeoutMs);
      const context = this.#createContext(functionName, requestId, settle);
      try {
        const returned = call(context, settle);
        const isThenable =
          typeof returned === "object" &&
          returned !== null &&
          typeof (returned as { then?: unknown }).then === "function";
        if (!isThenable && usesCallback) return;
        Promise.resolve(returned).then(
          (value) => settle(undefined, value),
          (error: unknown) => settle(error ?? new Error("The handler rejected without an error.")),
        );
      } catch (error) {
        settle(error);
      }
    });
  }
}

/** What a durable handler returned, checked as Lambda checks it: valid output, at most 6 MB. */
function toOutcome(raw: unknown): InvocationOutcome {
  const serialized = JSON.stringify(raw);
  if (serialized !== undefined && Buffer.byteLength(serialized, "utf8") > LAMBDA_RESPONSE_LIMIT_BYTES) {
    return {
      lambdaError: {
        ErrorType: "Function.ResponseSizeTooLarge",
        ErrorMessage: `Response payload size exceeded maximum allowed payload size (${LAMBDA_RESPONSE_LIMIT_BYTES} bytes).`,
      },
    };
  }
  // The output crosses Lambda as JSON.
  const output: unknown = serialized === undefined ? undefined : JSON.parse(serialized);
  const candidate = output as { Status?: unknown; Result?: unknown; Error?: unknown } | undefined;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    typeof candidate.Status !== "string" ||
    !INVOCATION_STATUSES.has(candidate.Status) ||
    (candidate.Result !== undefined && typeof candidate.Result !== "string")
  ) {
    return {
      lambdaError: {
        ErrorType: "InvalidDurableExecutionOutput",
        ErrorMessage:
          `The durable function returned ${serialized === undefined ? "nothing" : serialized.slice(0, 200)}, which is not ` +
          `a durable execution output ({Status: "SUCCEEDED" | "FAILED" | "PENDING", Result?, Error?}). ` +
          `Wrap the handler with a durable engine (e.g. withDurableExecution).`,
      },
    };
  }
  return candidate as InvocationOutcome;
}
