import { type DurableContext, durable, skipOnSuspension } from "@durable-lambda/middy";
import middy from "@middy/core";
import errorLogger from "@middy/error-logger";
import inputOutputLogger from "@middy/input-output-logger";
import validator from "@middy/validator";
import { transpileSchema } from "@middy/validator/transpile";

const eventSchema = transpileSchema({
  type: "object",
  required: ["orderId", "amount"],
  properties: { orderId: { type: "string" }, amount: { type: "number", exclusiveMinimum: 0 } },
});

export const handler = middy<{ orderId: string; amount: number }, string, Error, DurableContext>()
  .use(durable()) // first: the others see the user's event, and its after/onError run last
  .use(inputOutputLogger())
  .use(skipOnSuspension(errorLogger())) // report failures, not suspensions
  .use(validator({ eventSchema }))
  .handler(async (event, context) => {
    const approval = await context.waitForCallback("approval", async (callbackId) => {
      context.logger.info("send this id to the approver", callbackId);
    });
    return context.step("book", async () => `${event.orderId}: ${approval}`);
  });
