import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The runtime exports of each entry point of `@durable-lambda/powertools`. */
const EXPORTS: Record<string, string[]> = {
  "@durable-lambda/powertools": ["DurableLogKey", "DurableLogger"],
  "@durable-lambda/powertools/middleware": ["injectLambdaContext"],
  "@durable-lambda/powertools/tracer": [
    "DURABLE_METADATA_NAMESPACE",
    "DurableAnnotation",
    "DurableTracer",
    "ReplayedOperations",
  ],
  "@durable-lambda/powertools/metrics": ["DurableMetrics"],
};

const SOURCE = join(import.meta.dirname, "../src");

describe("the public surface of @durable-lambda/powertools", () => {
  for (const [entry, names] of Object.entries(EXPORTS)) {
    it(`${entry} exports exactly the listed names`, async () => {
      const module = await import(entry);

      expect(Object.keys(module).sort()).toEqual([...names].sort());
    });
  }

  it("names every export of its entry points (no export *)", () => {
    const entries = readdirSync(SOURCE, { recursive: true, withFileTypes: true }).filter(
      (entry) => entry.isFile() && entry.name === "index.ts",
    );

    expect(entries.length).toBe(Object.keys(EXPORTS).length);
    for (const entry of entries) {
      expect(readFileSync(join(entry.parentPath, entry.name), "utf8")).not.toMatch(/export \*/);
    }
  });
});
