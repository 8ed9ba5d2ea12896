import { withDurableExecution } from "@durable-lambda/core";

/** Stands for the payment provider; while it is down, charging fails. */
export const paymentProvider = { down: false };

export const handler = withDurableExecution(
  async (event: { orderId: string; items: string[] }, context) => {
    const reserved = await context.step("reserve", async () => event.items.length);
    await context.wait("cool-off", { minutes: 30 });
    const approval = await context.waitForCallback("approval", async (callbackId) => {
      console.log(`approve order ${event.orderId} with callback ${callbackId}`);
    });
    const charged = await context.step("charge", async () => {
      if (paymentProvider.down) throw new Error("payment provider unavailable");
      return `charged ${reserved} items`;
    });
    return { approval, charged };
  },
  { redrive: true }, // accept DurableExecutions.redrive() for this function
);
