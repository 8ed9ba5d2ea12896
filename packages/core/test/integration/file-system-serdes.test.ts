import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { DurableLambdaHandler } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLocally } from "../support/harness.js";

describe("the README sample of the file system serdes", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "durable-fs-readme-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("stores the step's result in a file, checkpoints its path and preview, and reads it back on replay", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Large values on a shared file system"));
    const source = /```ts runnable\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const builtEntry = new URL("../../dist/index.js", import.meta.url).href;
    const files = join(directory, "efs");
    const file = join(directory, "sample.ts");
    await writeFile(
      file,
      source
        .replaceAll('"@durable-lambda/core"', JSON.stringify(builtEntry))
        .replaceAll('"/mnt/efs/orders"', JSON.stringify(files)),
    );
    const { handler } = (await import(pathToFileURL(file).href)) as { handler: DurableLambdaHandler };

    const { result } = await runLocally(handler, { orderId: "o-1" });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ id: "o-1", lines: 10_000 });
    expect(result.invocations).toHaveLength(2);
    const stored =
      result.operations.find((operation) => operation.Name === "load")?.StepDetails?.Result ?? "";
    const envelope = JSON.parse(stored) as { file: string; preview: unknown };
    expect(envelope.preview).toEqual({ id: "o-1", status: "paid", customer: { email: "***" } });
    expect(envelope.file.startsWith(files)).toBe(true);
    expect(JSON.parse(await readFile(envelope.file, "utf8"))).toMatchObject({ id: "o-1", status: "paid" });
  });
});
