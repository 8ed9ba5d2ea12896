import { mkdtemp, readdir, readFile, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as official from "@aws/durable-execution-sdk-js";
import * as ours from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScenario, type Scenario, type Sdk } from "../support/differential.js";

type Engine = typeof ours;
const QUALIFIED_ARN =
  "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/order-42/6f1c";
const UNQUALIFIED_ARN =
  "arn:aws:lambda:us-east-1:123456789012:function:orders/durable-execution/order-42/6f1c";
const LARGE = { blob: "x".repeat(300 * 1024) };
const VALUES: unknown[] = [
  { id: "order-1", user: { email: "a@example.com" }, lines: [1, 2] },
  "text",
  0,
  null,
  [true, { nested: "é ✓" }],
  LARGE,
];
const CONFIGS: ours.FileSystemSerdesConfig[] = [
  {},
  { storageMode: ours.FileSystemSerdesMode.OVERFLOW },
  { pathEncoding: ours.FileSystemPathEncoding.HASH },
  { storageMode: ours.FileSystemSerdesMode.OVERFLOW, pathEncoding: ours.FileSystemPathEncoding.HASH },
  {
    generatePreview: (value) =>
      ours.buildPreview(value, {
        mode: ours.PreviewMode.EXCLUDE_ALL,
        include: [{ name: "id" }],
        mask: [{ name: "email" }],
      }),
  },
];
const CONTEXTS: ours.SerdesContext[] = [
  { entityId: "1", durableExecutionArn: QUALIFIED_ARN },
  { entityId: "2-1/x", durableExecutionArn: UNQUALIFIED_ARN },
  { entityId: "3", durableExecutionArn: "local-execution" },
];

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "fs-serdes-"));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function bothSerdes(directory: string, config: ours.FileSystemSerdesConfig) {
  return {
    official: official.createFileSystemSerdes(directory, config as official.FileSystemSerdesConfig),
    ours: ours.createFileSystemSerdes(directory, config),
  };
}

describe("createFileSystemSerdes writes what the official one writes, and each reads the other's", () => {
  it("for every storage mode, path encoding, preview, execution ARN and value", async () => {
    let cases = 0;
    for (const [index, config] of CONFIGS.entries()) {
      for (const context of CONTEXTS) {
        for (const value of VALUES) {
          const directory = join(base, `case-${index}`);
          const serdes = bothSerdes(directory, config);

          const fromOfficial = await serdes.official.serialize(value, context);
          const officialFile = await readFileOf(fromOfficial);
          const fromOurs = await serdes.ours.serialize(value, context);
          const ourFile = await readFileOf(fromOurs);

          expect(fromOurs).toBe(fromOfficial);
          expect(ourFile).toBe(officialFile);
          expect(await serdes.ours.deserialize(fromOfficial, context)).toStrictEqual(value);
          expect(await serdes.official.deserialize(fromOurs, context)).toStrictEqual(value);
          cases++;
        }
      }
    }
    expect(cases).toBe(90);
  });

  it("lays files out as <function>/<execution name>/<execution id>/<operation id>.json for a qualified ARN", async () => {
    const directory = join(base, "layout");
    const serdes = ours.createFileSystemSerdes(directory);

    const payload = await serdes.serialize({ a: 1 }, { entityId: "2-1", durableExecutionArn: QUALIFIED_ARN });

    expect(JSON.parse(payload as string)).toEqual({ file: join(directory, "orders/order-42/6f1c/2-1.json") });
    expect(await readdir(join(directory, "orders/order-42/6f1c"))).toEqual(["2-1.json"]);
  });

  it("keeps small values inline in OVERFLOW mode and sends larger ones to a file", async () => {
    const serdes = ours.createFileSystemSerdes(join(base, "overflow"), {
      storageMode: ours.FileSystemSerdesMode.OVERFLOW,
    });
    const context = CONTEXTS[0] as ours.SerdesContext;

    expect(await serdes.serialize({ a: 1 }, context)).toBe('{"data":"{\\"a\\":1}"}');
    expect(JSON.parse((await serdes.serialize(LARGE, context)) as string)).toHaveProperty("file");
    expect(await serdes.serialize(undefined, context)).toBeUndefined();
    expect(await serdes.deserialize(undefined, context)).toBeUndefined();
  });

  it("exports the same mode and encoding values", () => {
    expect({ ...ours.FileSystemSerdesMode }).toEqual({ ...official.FileSystemSerdesMode });
    expect({ ...ours.FileSystemPathEncoding }).toEqual({ ...official.FileSystemPathEncoding });
  });
});

async function readFileOf(payload: string | undefined): Promise<string | undefined> {
  const envelope = JSON.parse(payload ?? "{}") as { file?: string };
  return envelope.file === undefined ? undefined : readFile(envelope.file, "utf8");
}

describe("an execution whose invocations alternate between the engines shares the files", () => {
  const scenario = (directory: string): Scenario => ({
    handler: (sdk: Sdk) => async (_event, context) => {
      const engine = sdk as unknown as Engine;
      context.configureSerdes({
        defaultSerdes: engine.createFileSystemSerdes(directory, {
          generatePreview: (value) => engine.buildPreview(value, { mode: engine.PreviewMode.INCLUDE_ALL }),
        }),
      });
      const order = await context.step("load", async () => ({ id: "order-1", lines: [1, 2, 3] }));
      await context.wait({ seconds: 30 });
      const total = await context.step("total", async () => order.lines.reduce((sum, n) => sum + n, 0));
      await context.wait({ seconds: 30 });
      const summary = await context.runInChildContext("summary", async (child) =>
        child.step("format", async () => `${order.id}: ${total}`),
      );
      return { order, total, summary };
    },
  });

  it.each([
    ["official first", (n: number) => (n % 2 === 0 ? "official" : "ours")],
    ["ours first", (n: number) => (n % 2 === 0 ? "ours" : "official")],
  ] as const)(
    "%s: the same result and the same checkpointed operations as one engine alone",
    async (_label, engineFor) => {
      const alone = await runScenario(scenario(join(base, "alone")), () => "official");
      const alternating = await runScenario(scenario(join(base, "alternating")), engineFor);

      expect(alternating.status).toBe("SUCCEEDED");
      expect(alternating.invocations.length).toBeGreaterThanOrEqual(3);
      expect(alternating.rawResult).toBe(alone.rawResult);
      expect(alternating.rawResult).toBe(
        '{"order":{"id":"order-1","lines":[1,2,3]},"total":6,"summary":"order-1: 6"}',
      );
      const withoutDirectory = (capture: typeof alone) =>
        JSON.stringify(capture.operations).replaceAll(
          /fs-serdes-[^"\\]*?\/(alone|alternating)\/[^"\\]*\//g,
          "<dir>/",
        );
      expect(withoutDirectory(alternating)).toBe(withoutDirectory(alone));
    },
  );
});

describe("createFileSystemSerdes reports misuse", () => {
  it.each([
    [[""], /needs the directory of a shared file system/],
    [
      ["/mnt/efs", { mode: "ALWAYS" }],
      /unknown option "mode". Known options: storageMode, pathEncoding, generatePreview/,
    ],
    [
      ["/mnt/efs", { storageMode: "SOMETIMES" }],
      /option "storageMode" must be one of ALWAYS, OVERFLOW; got "SOMETIMES"/,
    ],
    [["/mnt/efs", { pathEncoding: "BASE64" }], /option "pathEncoding" must be one of URI, HASH/],
    [["/mnt/efs", { generatePreview: {} }], /option "generatePreview" must be a function/],
  ])("createFileSystemSerdes(%j)", (args, message) => {
    const create = ours.createFileSystemSerdes as (...parameters: unknown[]) => unknown;

    expect(() => create(...args)).toThrow(
      expect.objectContaining({ name: "DurableConfigurationError", message: expect.stringMatching(message) }),
    );
  });

  it("names the missing file and the kind of file system it needs", async () => {
    const serdes = ours.createFileSystemSerdes(join(base, "missing"));
    const context = CONTEXTS[0] as ours.SerdesContext;
    const payload = await serdes.serialize({ a: 1 }, context);
    await unlink(JSON.parse(payload as string).file);

    await expect(serdes.deserialize(payload, context)).rejects.toThrow(
      /The value of operation 1 was stored in .*1\.json, which no longer exists\. .*Amazon EFS or Amazon S3 Files, not \/tmp/,
    );
  });

  it("refuses a payload another serdes wrote, and a value JSON cannot hold", async () => {
    const serdes = ours.createFileSystemSerdes(join(base, "foreign"));
    const context = CONTEXTS[0] as ours.SerdesContext;

    await expect(serdes.deserialize('{"a":1}', context)).rejects.toThrow(/another serdes wrote it/);
    await expect(serdes.serialize(() => 1, context)).rejects.toThrow(/JSON has no representation for it/);
  });
});
