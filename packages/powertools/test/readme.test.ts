import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { LocalDurableHandler } from "@durable-lambda/testing";
import { afterAll, describe, expect, it } from "vitest";
import { captureOutput, runDurably } from "./support/harness.js";

// The README's `ts runnable` samples run here, against the sources, so they cannot rot: each is
// imported and its exported handler run to the end on the local durable service.
const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const samples = [...readme.matchAll(/```ts runnable\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const workDir = join(here, ".readme-examples");
const entryPoints: Record<string, string> = {
  "@durable-lambda/powertools": "index.ts",
  "@durable-lambda/powertools/middleware": "middleware/index.ts",
  "@durable-lambda/powertools/tracer": "tracer/index.ts",
  "@durable-lambda/powertools/metrics": "metrics/index.ts",
};

function againstSources(code: string): string {
  let result = code;
  for (const [specifier, file] of Object.entries(entryPoints)) {
    result = result.replaceAll(
      `"${specifier}"`,
      JSON.stringify(pathToFileURL(join(here, "..", "src", file)).href),
    );
  }
  return result;
}

describe("README samples", () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("has a runnable sample for each usage style, the tracer and the metrics", () => {
    expect(samples).toHaveLength(4);
  });

  it.each(samples.map((code, index) => [index + 1, code] as const))(
    "sample %i runs to the end",
    async (index, code) => {
      mkdirSync(workDir, { recursive: true });
      const file = join(workDir, `sample-${index}.ts`);
      writeFileSync(file, againstSources(code));
      const { handler } = (await import(pathToFileURL(file).href)) as { handler: LocalDurableHandler };

      const { value: result, records } = await captureOutput(() =>
        runDurably(handler, { orderId: "o-1", items: ["a", "b"] }),
      );

      expect(result.status).toBe("SUCCEEDED");
      const messages = records.map((record) => record.message).filter((message) => message !== undefined);
      expect(new Set(messages).size).toBe(messages.length);
    },
  );
});
