import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isSuspension } from "@durable-lambda/core";
import { durable } from "@durable-lambda/middy";
import { type LocalDurableHandler, LocalDurableRunner } from "@durable-lambda/testing";
import middy from "@middy/core";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { answeringCallbacks, asLambdaHandler } from "./support/workflows.js";

// Every TypeScript sample of the README is a file in test/readme/: the package's typecheck compiles
// it, this suite runs it, and the README must show it verbatim, so the samples cannot rot.
const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const sampleDir = join(here, "readme");
const blocks = [...readme.matchAll(/```ts (test\/readme\/[\w-]+\.ts)\n([\s\S]*?)```/g)].map((match) => ({
  path: match[1] as string,
  code: match[2] as string,
}));

describe("the README", () => {
  it("shows every sample file verbatim, and nothing else as TypeScript", () => {
    const files = readdirSync(sampleDir).map((file) => `test/readme/${file}`);
    expect(blocks.map((block) => block.path).sort()).toEqual(files.sort());
    for (const block of blocks) {
      expect(block.code, block.path).toBe(readFileSync(join(here, "..", block.path), "utf8"));
    }
    expect(readme.match(/```ts\b/g)?.length).toBe(blocks.length);
  });
});

describe("the README samples", () => {
  // The samples log with console (Middy's loggers' default); keep the test output clean.
  let log: MockInstance<typeof console.log>;
  let logError: MockInstance<typeof console.error>;
  beforeEach(() => {
    log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    logError = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    log.mockRestore();
    logError.mockRestore();
  });

  it("sample usage: runs to SUCCEEDED over two invocations (testing locally)", async () => {
    await import("./readme/testing-locally.js");
  });

  it("with other middlewares: validates, logs and waits for the approval", async () => {
    const { handler } = await import("./readme/with-other-middlewares.js");
    const runner: LocalDurableRunner = new LocalDurableRunner({
      handler: answeringCallbacks(
        { answersCallbacks: true },
        () => runner.service,
        () => asLambdaHandler(handler),
      ),
    });

    const valid = await runner.run({ input: { orderId: "o-2", amount: 10 } });
    const invalid = await runner.run({ input: { orderId: "o-3", amount: 0 } });

    expect(valid.status).toBe("SUCCEEDED");
    expect(valid.result).toBe("o-2: ok:callback");
    expect(invalid.status).toBe("FAILED");
    expect(invalid.error?.ErrorMessage).toBe("Event object failed validation");
    expect(logError).toHaveBeenCalledTimes(1); // the validation failure; suspensions are skipped
  });

  it("replay-safe middleware: one flag value, one event log and every connection released", async () => {
    const { connection, featureFlags, logEventOnce } = await import("./readme/replay-safe-middleware.js");
    let opened = 0;
    let released = 0;
    const pool = {
      connect: async () => {
        opened++;
        return { release: () => void released++ };
      },
    };
    const flagsSeen: unknown[] = [];
    const errors: unknown[] = [];
    const handler = middy()
      .use(durable())
      .use(logEventOnce())
      .use(featureFlags())
      .use(connection(pool))
      .before((request) => {
        flagsSeen.push((request.internal as { flags?: unknown }).flags);
      })
      .onError((request) => {
        errors.push(request.error);
      })
      .handler(async (_event, context) => {
        await context.wait({ minutes: 1 });
        await context.wait({ minutes: 1 });
        return "done";
      });
    const runner = new LocalDurableRunner({ handler: asLambdaHandler(handler) as LocalDurableHandler });

    const result = await runner.run({ input: { orderId: "o-4" } });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(3);
    expect(new Set(flagsSeen.map((flags) => JSON.stringify(flags))).size).toBe(1);
    expect(log.mock.calls).toEqual([[JSON.stringify({ event: { orderId: "o-4" } })]]);
    expect(opened).toBe(3);
    expect(released).toBe(3);
    expect(errors.every(isSuspension)).toBe(true);
  });
});
