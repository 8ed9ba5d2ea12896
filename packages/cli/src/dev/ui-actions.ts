import type { DurableExecutions } from "@durable-lambda/client";
import { executionHref } from "./ui-pages.js";

/** What the UI shows after an action, and where it goes next. */
export interface ActionAnswer {
  message: string;
  /** A page to open (e.g. the execution an action started). */
  location?: string;
}

/**
 * A UI action the request asked for that cannot be done as asked (unknown action, missing field).
 *
 * @example
 * ```ts
 * throw new UiActionError("callbackId is missing: answer a callback from its form.");
 * ```
 */
export class UiActionError extends Error {
  override readonly name = "UiActionError";
}

type ActionBody = Readonly<Record<string, unknown>>;

function requiredText(body: ActionBody, field: string, what: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") throw new UiActionError(`${field} is missing: ${what}.`);
  return value;
}

/**
 * The actions of the web UI, done with `@durable-lambda/client` through the Lambda API of the
 * dev server itself: the same calls a user makes from code or with the `durable-lambda` command.
 *
 * @example
 * ```ts
 * const answer = await actions.perform("stop", { arn: executionArn });
 * ```
 */
export class UiActions {
  readonly #client: DurableExecutions;
  readonly #functionNames: () => readonly string[];

  constructor(options: { client: DurableExecutions; functionNames: () => readonly string[] }) {
    this.#client = options.client;
    this.#functionNames = options.functionNames;
  }

  /** Names of the actions {@link UiActions.perform} knows. */
  static readonly names = [
    "start",
    "stop",
    "redrive",
    "callback-succeed",
    "callback-fail",
    "callback-heartbeat",
  ] as const;

  async perform(action: string, body: ActionBody): Promise<ActionAnswer> {
    switch (action) {
      case "start":
        return this.#start(body);
      case "stop": {
        const arn = requiredText(body, "arn", "press Stop on the execution's page");
        await this.#client.stop(arn, {
          errorType: "StoppedFromDevUi",
          errorMessage: "Stopped from the dev server's web UI.",
        });
        return { message: "Stopped." };
      }
      case "redrive": {
        const arn = requiredText(body, "arn", "press Redrive on the execution's page");
        const redriven = await this.#client.redrive(arn);
        return { message: "Redriven.", location: executionHref(redriven.executionArn) };
      }
      case "callback-succeed": {
        const callbackId = requiredText(body, "callbackId", "answer a callback from its form");
        // Sent exactly as typed: a callback's result is the raw text unless the handler parses it.
        const result = typeof body.result === "string" ? body.result : "";
        await this.#client.sendCallbackSuccess(callbackId, result);
        return { message: `Callback succeeded with ${JSON.stringify(result)}.` };
      }
      case "callback-fail": {
        const callbackId = requiredText(body, "callbackId", "answer a callback from its form");
        const message =
          typeof body.result === "string" && body.result !== "" ? body.result : "Failed from the dev UI.";
        await this.#client.sendCallbackFailure(callbackId, {
          errorType: "CallbackFailedFromDevUi",
          errorMessage: message,
        });
        return { message: `Callback failed: ${message}` };
      }
      case "callback-heartbeat": {
        const callbackId = requiredText(body, "callbackId", "answer a callback from its form");
        await this.#client.sendCallbackHeartbeat(callbackId);
        return { message: "Heartbeat sent." };
      }
      default:
        throw new UiActionError(
          `unknown action ${JSON.stringify(action)}; known actions: ${UiActions.names.join(", ")}.`,
        );
    }
  }

  async #start(body: ActionBody): Promise<ActionAnswer> {
    const functionName = requiredText(body, "functionName", "choose the function to start");
    const text = typeof body.input === "string" && body.input.trim() !== "" ? body.input : "{}";
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new UiActionError(
        `the input is not JSON (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    if (!this.#functionNames().includes(functionName)) {
      throw new UiActionError(
        `no function ${functionName}; registered: ${this.#functionNames().join(", ")}.`,
      );
    }
    const name =
      typeof body.executionName === "string" && body.executionName !== "" ? body.executionName : undefined;
    // An asynchronous Invoke with a durable execution name, as a user's code would start one.
    const executionArn = await this.#client.start(functionName, input, name === undefined ? {} : { name });
    return { message: "Started.", location: executionHref(executionArn) };
  }
}
