import assert from "node:assert/strict";
import { type LocalDurableHandler, LocalDurableRunner } from "@durable-lambda/testing";
import { handler } from "./handler.js";

// Middy types the function with your event and context; Lambda calls it with the durable envelope.
const runner = new LocalDurableRunner({ handler: handler as unknown as LocalDurableHandler });
const result = await runner.run({ input: { orderId: "o-1", amount: 42 } });

assert.equal(result.status, "SUCCEEDED");
assert.deepEqual(result.result, { orderId: "o-1", receipt: "receipt-o-1" });
assert.equal(result.invocations.length, 2); // the wait suspended the first invocation
