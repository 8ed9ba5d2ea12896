import { LocalOrderService } from "../../src/local/local-order-service.js";
import type { OrderHandlerOptions } from "../../src/orders/order-handler.js";
import { type CapturedOutput, captureOutput } from "./captured-output.js";

export {
  approvalRequestEvent,
  localLambdaContext,
  sampleOrder,
} from "../../src/local/local-order-service.js";

/** The application on the local service, with its stdout captured from construction to `close()`. */
export class OrderServiceHarness extends LocalOrderService {
  readonly output: CapturedOutput;

  constructor(options: Omit<OrderHandlerOptions, "lambdaClient" | "shippingFunction"> = {}) {
    super(options);
    this.output = captureOutput();
  }

  override async close(): Promise<void> {
    this.output.restore();
    await super.close();
  }
}
