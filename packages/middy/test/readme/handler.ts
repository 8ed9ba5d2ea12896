import { type DurableContext, durable } from "@durable-lambda/middy";
import middy from "@middy/core";

interface Order {
  orderId: string;
  amount: number;
}

export const handler = middy<Order, { orderId: string; receipt: string }, Error, DurableContext>()
  .use(durable())
  .handler(async (event, context) => {
    const receipt = await context.step("charge", async () => `receipt-${event.orderId}`);
    await context.wait("cool-off", { hours: 1 }); // no compute is billed while waiting
    await context.step("ship", async () => context.logger.info("shipping", event.orderId));
    return { orderId: event.orderId, receipt };
  });
