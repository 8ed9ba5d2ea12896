import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The README's `ts runnable` samples run here, against the sources, so they cannot rot.
const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const samples = [...readme.matchAll(/```ts runnable\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const workDir = join(here, ".readme-examples");
const sourceEntry = pathToFileURL(join(here, "..", "src", "index.ts")).href;

describe("README samples", () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("has runnable samples", () => {
    expect(samples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(samples.map((code, index) => [index + 1, code] as const))("sample %i runs", async (index, code) => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, `sample-${index}.ts`);
    writeFileSync(file, code.replaceAll('"@durable-lambda/testing"', JSON.stringify(sourceEntry)));
    await import(pathToFileURL(file).href);
  });
});
