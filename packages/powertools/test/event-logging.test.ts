import { injectLambdaContext as powertoolsInjectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { type DurableContext as EngineContext, withDurableExecution } from "@durable-lambda/core";
import { type DurableContext, durable } from "@durable-lambda/middy";
import type { LocalDurableHandler } from "@durable-lambda/testing";
import middy from "@middy/core";
import { describe, expect, it, vi } from "vitest";
import { DurableLogger } from "../src/index.js";
import { injectLambdaContext } from "../src/middleware/index.js";
import { captureOutput, inLambdaJsonLogFormat, recordsWith, runDurably } from "./support/harness.js";

const EVENT_MESSAGE = "Lambda invocation event";
const LOG_EVENT_VARIABLE = "POWERTOOLS_LOGGER_LOG_EVENT";

/** Three invocations: the first starts the execution, two more replay it. */
async function threeInvocations(_event: unknown, context: EngineContext): Promise<string> {
  await context.wait({ seconds: 1 });
  await context.wait({ seconds: 1 });
  return "done";
}

/** How logging the event is switched on, and which middleware runs behind `durable()`. */
interface Setup {
  readonly environment?: boolean;
  readonly pluginOption?: boolean;
  readonly middleware: "durable-lambda" | "powertools";
  readonly middlewareOption?: boolean;
}

/** The README's Middy set-up: the logger's plugin in `durable()`, then an `injectLambdaContext`. */
function middyHandler(setup: Setup): LocalDurableHandler {
  if (setup.environment) vi.stubEnv(LOG_EVENT_VARIABLE, "true");
  const logger = new DurableLogger({ serviceName: "orders" });
  const pluginOptions = setup.pluginOption === undefined ? {} : { logEvent: setup.pluginOption };
  const middlewareOptions = setup.middlewareOption === undefined ? {} : { logEvent: setup.middlewareOption };
  const middleware =
    setup.middleware === "powertools"
      ? powertoolsInjectLambdaContext(logger, middlewareOptions)
      : injectLambdaContext(logger, middlewareOptions);
  const handler = middy<{ orderId: string }, string, Error, DurableContext>()
    .use(durable({ plugins: [logger.plugin(pluginOptions)] }))
    .use(middleware)
    .handler(threeInvocations);
  return handler as unknown as LocalDurableHandler;
}

const SETUPS: ReadonlyArray<readonly [string, Setup]> = [
  ["POWERTOOLS_LOGGER_LOG_EVENT=true", { environment: true, middleware: "durable-lambda" }],
  ["the plugin's logEvent option", { pluginOption: true, middleware: "durable-lambda" }],
  ["the middleware's logEvent option", { middleware: "durable-lambda", middlewareOption: true }],
  ["Powertools' injectLambdaContext logEvent option", { middleware: "powertools", middlewareOption: true }],
  [
    "POWERTOOLS_LOGGER_LOG_EVENT=true with Powertools' injectLambdaContext",
    { environment: true, middleware: "powertools" },
  ],
  [
    "the environment and both options at once",
    { environment: true, pluginOption: true, middleware: "durable-lambda", middlewareOption: true },
  ],
];

describe("the event is logged once per execution", () => {
  inLambdaJsonLogFormat();

  for (const [way, setup] of SETUPS) {
    it(`behind durable() when switched on by ${way}`, async () => {
      const handler = middyHandler(setup);

      const { value: result, records } = await captureOutput(() => runDurably(handler, { orderId: "o-1" }));

      expect(result.status).toBe("SUCCEEDED");
      expect(result.invocations).toHaveLength(3);
      const events = recordsWith(records, EVENT_MESSAGE);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ event: { orderId: "o-1" } });
    });
  }

  it("with withDurableExecution when switched on by POWERTOOLS_LOGGER_LOG_EVENT=true", async () => {
    vi.stubEnv(LOG_EVENT_VARIABLE, "true");
    const logger = new DurableLogger();
    const handler = withDurableExecution(threeInvocations, { plugins: [logger.plugin()] });

    const { value: result, records } = await captureOutput(() => runDurably(handler, { orderId: "o-2" }));

    expect(result.invocations).toHaveLength(3);
    expect(recordsWith(records, EVENT_MESSAGE)).toHaveLength(1);
  });

  it("not at all when an option switches it off, even with POWERTOOLS_LOGGER_LOG_EVENT=true", async () => {
    const handler = middyHandler({
      environment: true,
      pluginOption: false,
      middleware: "durable-lambda",
      middlewareOption: false,
    });

    const { records } = await captureOutput(() => runDurably(handler, { orderId: "o-3" }));

    expect(recordsWith(records, EVENT_MESSAGE)).toEqual([]);
  });
});
