import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions } from "@durable-lambda/client";
import { type LocalDurableHandler, LocalDurableRunner, type LocalRunResult } from "@durable-lambda/testing";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { createApprovalHandler } from "../approval/approval-handler.js";
import { createOrderHandler, type OrderHandlerOptions } from "../orders/order-handler.js";
import type { OrderEvent } from "../orders/order-types.js";
import { createShippingHandler } from "../shipping/shipping-handler.js";

/** The names the functions are registered under on the local service. */
export const LocalFunctionNames = { orders: "orders", shipping: "shipping" } as const;

/** A sample order: two lines, 3 × 1250 + 1 × 900 = 4650 cents. */
export function sampleOrder(orderId = "o-100"): OrderEvent {
  return {
    orderId,
    customerEmail: "ada@example.com",
    lines: [
      { sku: "LAMP-01", quantity: 3, unitPriceCents: 1250 },
      { sku: "MUG-02", quantity: 1, unitPriceCents: 900 },
    ],
  };
}

/** What a manager answers, as the approval API's JSON body without the callback id. */
export type LocalDecision =
  | { decision: "approve"; approver: string }
  | { decision: "reject"; approver: string; reason: string };

/**
 * The whole application on the local durable service over HTTP, with time skipped: the order and
 * shipping functions talk to the service through real `LambdaClient`s, as they talk to Lambda, and
 * the approval function (called with API Gateway events) sends callbacks through one.
 *
 * @example
 * ```ts
 * const local = await new LocalOrderService().start();
 * const { result } = await local.runOrder(sampleOrder(), { decision: "approve", approver: "grace" });
 * await local.close();
 * ```
 */
export class LocalOrderService {
  readonly runner: LocalDurableRunner;
  #client: LambdaClient | undefined;
  #orderHandler: LocalDurableHandler | undefined;

  /** @param options - Handler options (e.g. a failing warehouse); the client and shipping function are set here. */
  constructor(readonly options: Omit<OrderHandlerOptions, "lambdaClient" | "shippingFunction"> = {}) {
    this.runner = new LocalDurableRunner({
      functionName: LocalFunctionNames.orders,
      transport: "http",
      handler: (event, context) => this.#requireOrderHandler()(event, context),
    });
  }

  /** Starts the service's HTTP server (127.0.0.1, a free port) and builds the handlers against it. */
  async start(): Promise<this> {
    const endpoint = await this.runner.start();
    this.#client = new LambdaClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const orderHandler = createOrderHandler({
      ...this.options,
      lambdaClient: this.#client,
      shippingFunction: LocalFunctionNames.shipping,
    });
    this.#orderHandler = (event, context) => orderHandler(event as never, context as never);
    const shippingHandler = createShippingHandler({ lambdaClient: this.#client });
    this.runner.registerFunction(
      LocalFunctionNames.shipping,
      (event, context) => shippingHandler(event as never, context as never),
      { durable: true },
    );
    return this;
  }

  /** The real Lambda client pointed at the local service. */
  get client(): LambdaClient {
    if (this.#client === undefined) throw new Error("LocalOrderService: call start() first");
    return this.#client;
  }

  /** The control plane (`@durable-lambda/client`) over the local service: describe, redrive, … */
  get executions(): DurableExecutions {
    return new DurableExecutions({ client: this.client });
  }

  /**
   * Resolves once the execution has ended (however it was started: `run`, `Invoke`, a redrive),
   * with a snapshot of it. Driven by the service's change notices, not by polling.
   */
  async waitForEnd(executionArn: string): Promise<LocalRunResult> {
    const service = this.runner.service;
    const ended = () => service.executionStatus(executionArn) !== "RUNNING";
    if (!ended()) {
      await new Promise<void>((resolve) => {
        const stop = service.onChange(() => {
          if (!ended()) return;
          stop();
          resolve();
        });
      });
    }
    return this.runner.inspect(executionArn);
  }

  /** The approval function's handler, sending callbacks to the local service. */
  approvalHandler() {
    return createApprovalHandler({ lambdaClient: this.client });
  }

  /**
   * Starts an order and, when a decision is given, answers its approval through the approval
   * function called with an API Gateway event. Without a decision the approval times out.
   */
  async runOrder(
    order: OrderEvent,
    decision?: LocalDecision,
  ): Promise<{ result: LocalRunResult; response?: { statusCode?: number; body?: string } }> {
    const approval = this.runner.waitForOperation("manager approval");
    const running = this.runner.run({ input: order });
    if (decision === undefined) {
      approval.catch(() => {}); // the run may end before the approval exists
      return { result: await running };
    }
    const callbackId = await (await approval).getCallbackId();
    const response = await this.approvalHandler()(
      approvalRequestEvent(JSON.stringify({ callbackId, ...decision })),
      localLambdaContext("approvals"),
    );
    return { result: await running, response };
  }

  /** Stops the HTTP server. */
  async close(): Promise<void> {
    this.#client?.destroy();
    await this.runner.close();
  }

  #requireOrderHandler(): LocalDurableHandler {
    if (this.#orderHandler === undefined) throw new Error("LocalOrderService: call start() first");
    return this.#orderHandler;
  }
}

/**
 * An API Gateway HTTP API (payload 2.0) event for `POST /approvals`, as API Gateway sends it.
 *
 * @example
 * ```ts
 * await approvalHandler(approvalRequestEvent('{"callbackId":"…","decision":"approve","approver":"ann"}'), context);
 * ```
 */
export function approvalRequestEvent(
  body: string | undefined,
  options: { base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  const encoded = options.base64 && body !== undefined ? Buffer.from(body).toString("base64") : body;
  const domainName = "local.execute-api.us-east-1.amazonaws.com";
  const http = {
    method: "POST",
    path: "/approvals",
    protocol: "HTTP/1.1",
    sourceIp: "127.0.0.1",
    userAgent: "local",
  };
  return {
    version: "2.0",
    routeKey: "POST /approvals",
    rawPath: "/approvals",
    rawQueryString: "",
    headers: { "content-type": "application/json", host: domainName },
    requestContext: {
      accountId: "123456789012",
      apiId: "local",
      domainName,
      domainPrefix: "local",
      http,
      requestId: crypto.randomUUID(),
      routeKey: "POST /approvals",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(encoded === undefined ? {} : { body: encoded }),
    isBase64Encoded: options.base64 === true,
  };
}

/**
 * A Lambda context for a plain (not durable) function run locally.
 *
 * @example
 * ```ts
 * await approvalHandler(event, localLambdaContext("approvals"));
 * ```
 */
export function localLambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:$LATEST`,
    memoryLimitInMB: "256",
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
