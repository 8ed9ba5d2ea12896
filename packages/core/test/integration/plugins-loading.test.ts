import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type DurableLambdaHandler,
  withDurableExecution,
} from "@durable-lambda/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { captureOutput, runLocally } from "../support/harness.js";

describe("plugins from DURABLE_EXECUTION_PLUGINS", () => {
  let root: string;
  let counter = 0;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "durable-plugins-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Writes a provider module whose plugin appends `<label> <hook>` to `globalThis[log]`. */
  async function writeModule(body: string, file = `plugin-${++counter}.mjs`): Promise<string> {
    const path = join(root, file);
    await writeFile(path, body);
    return path;
  }

  function providerSource(label: string, log: string, extra = ""): string {
    return `
      class ${label}Plugin {
        onOperationStart(info) { (globalThis[${JSON.stringify(log)}] ??= []).push("${label} " + info.name); }
      }
      globalThis.${log}Created = (globalThis.${log}Created ?? 0);
      export const durableExecutionPluginProvider = {
        pluginApiVersion: 1,
        pluginType: ${label}Plugin,
        createPlugin: () => { globalThis.${log}Created++; return new ${label}Plugin(); },
      };
      ${extra}
    `;
  }

  function steps() {
    return async (_event: unknown, context: Parameters<Parameters<typeof withDurableExecution>[0]>[1]) => {
      await context.step("one", async () => 1);
      await context.wait("pause", { seconds: 1 });
      await context.step("two", async () => 2);
      return "ok";
    };
  }

  it("loads provider modules after the explicit plugins, once per wrapped handler", async () => {
    const log = `log${++counter}`;
    const first = await writeModule(providerSource("First", log));
    const second = await writeModule(providerSource("Second", log));
    vi.stubEnv("DURABLE_EXECUTION_PLUGINS", `${first}, ${second}`);
    const recorded: string[] = [];
    (globalThis as unknown as Record<string, string[]>)[log] = recorded;
    const explicit: DurableInstrumentationPlugin = {
      onOperationStart: (info) => void recorded.push(`Explicit ${info.name}`),
    };

    const { result } = await runLocally(withDurableExecution(steps(), { plugins: [explicit] }));

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(2);
    expect((globalThis as Record<string, unknown>)[log]).toEqual([
      "Explicit one",
      "First one",
      "Second one",
      "Explicit pause",
      "First pause",
      "Second pause",
      "Explicit two",
      "First two",
      "Second two",
    ]);
    expect((globalThis as Record<string, unknown>)[`${log}Created`]).toBe(2);
  });

  it("accepts the provider on the default export", async () => {
    const log = `log${++counter}`;
    const source = providerSource("Default", log).replace(
      "export const durableExecutionPluginProvider",
      "const durableExecutionPluginProvider",
    );
    const path = await writeModule(`${source}\nexport default { durableExecutionPluginProvider };`);
    vi.stubEnv("DURABLE_EXECUTION_PLUGINS", path);

    const { result } = await runLocally(withDurableExecution(steps()));

    expect(result.status).toBe("SUCCEEDED");
    expect((globalThis as Record<string, unknown>)[log]).toEqual([
      "Default one",
      "Default pause",
      "Default two",
    ]);
  });

  it("resolves relative specifiers and packages from LAMBDA_TASK_ROOT", async () => {
    const log = `log${++counter}`;
    const taskRoot = join(root, `task-${counter}`);
    const packageDir = join(taskRoot, "node_modules", "@acme", "durable-audit");
    await mkdir(packageDir, { recursive: true });
    await writeFile(
      join(packageDir, "package.json"),
      JSON.stringify({ name: "@acme/durable-audit", main: "index.mjs" }),
    );
    await writeFile(join(packageDir, "index.mjs"), providerSource("Packaged", log));
    await writeFile(join(taskRoot, "local.mjs"), providerSource("Local", log));
    vi.stubEnv("LAMBDA_TASK_ROOT", taskRoot);
    vi.stubEnv("DURABLE_EXECUTION_PLUGINS", "./local.mjs,@acme/durable-audit");

    const { result } = await runLocally(withDurableExecution(steps()));

    expect(result.status).toBe("SUCCEEDED");
    expect((globalThis as Record<string, unknown>)[log]).toEqual([
      "Local one",
      "Packaged one",
      "Local pause",
      "Packaged pause",
      "Local two",
      "Packaged two",
    ]);
  });

  const invalidProviders: [string, string, RegExp][] = [
    [
      "no provider export",
      "export const somethingElse = 1;",
      /does not export durableExecutionPluginProvider/,
    ],
    [
      "another API version",
      "class P {} export const durableExecutionPluginProvider = { pluginApiVersion: 2, pluginType: P, createPlugin: () => new P() };",
      /plugin API version 2.*supports version 1/,
    ],
    [
      "a pluginType that is not a class",
      "export const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: () => ({}), createPlugin: () => ({}) };",
      /pluginType must be the plugin's class/,
    ],
    [
      "no createPlugin",
      "class P {} export const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: P };",
      /createPlugin must be a function/,
    ],
    [
      "a createPlugin that throws",
      "class P {} export const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: P, createPlugin: () => { throw new Error('no config'); } };",
      /createPlugin\(\) threw: no config/,
    ],
    [
      "a createPlugin returning another type",
      "class P {} class Q {} export const durableExecutionPluginProvider = { pluginApiVersion: 1, pluginType: P, createPlugin: () => new Q() };",
      /returned Q, not an instance of the declared pluginType P/,
    ],
    [
      "two different providers",
      "class P {} const make = () => ({ pluginApiVersion: 1, pluginType: P, createPlugin: () => new P() }); export const durableExecutionPluginProvider = make(); export default { durableExecutionPluginProvider: make() };",
      /two different durableExecutionPluginProvider values/,
    ],
    [
      "a module that throws while loading",
      "throw new Error('boom at import');",
      /failed to load: boom at import/,
    ],
  ];

  it.each(invalidProviders)(
    "fails the invocation, naming the module, for %s",
    async (_case, source, message) => {
      const path = await writeModule(source);
      vi.stubEnv("DURABLE_EXECUTION_PLUGINS", path);
      let ran = false;

      const { result } = await runLocally(
        withDurableExecution(async () => {
          ran = true;
        }),
      );

      expect(result.status).toBe("FAILED");
      expect(result.error?.ErrorType).toBe("PluginLoadError");
      expect(result.error?.ErrorMessage).toMatch(message);
      expect(result.error?.ErrorMessage).toContain(path);
      expect(ran).toBe(false);
    },
  );

  it.each([
    [
      "a missing module",
      () => join(root, "missing.mjs"),
      /Cannot find plugin module .*missing\.mjs.*nodejs\/node_modules/,
    ],
    ["a missing package", () => "@acme/not-installed", /Cannot find plugin module "@acme\/not-installed"/],
    ["a blank entry", () => "a,,b", /empty entry/],
    ["a duplicate", () => "a,a", /"a" more than once/],
  ])("fails the invocation with PluginLoadError for %s", async (_case, listed, message) => {
    vi.stubEnv("DURABLE_EXECUTION_PLUGINS", listed());

    const { result } = await runLocally(withDurableExecution(async () => "never"));

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("PluginLoadError");
    expect(result.error?.ErrorMessage).toMatch(message);
  });
});

describe("README plugin samples", () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const builtEntry = pathToFileURL(join(here, "..", "..", "dist", "index.js")).href;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "durable-plugin-readme-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** The `ts runnable` samples of the README, importable (they import the built package). */
  async function samples(): Promise<string[]> {
    const readme = await readFile(join(here, "..", "..", "README.md"), "utf8");
    const sources = [...readme.matchAll(/```ts runnable\n([\s\S]*?)```/g)].map((match) => match[1] as string);
    return Promise.all(
      sources.map(async (source, index) => {
        const file = join(directory, `sample-${index + 1}.ts`);
        await writeFile(file, source.replaceAll('"@durable-lambda/core"', JSON.stringify(builtEntry)));
        return pathToFileURL(file).href;
      }),
    );
  }

  it("runs the timing plugin: metrics flushed, log records enriched", async () => {
    const [timing] = await samples();
    const sample = (await import(timing as string)) as { handler: DurableLambdaHandler; metrics: string[] };

    const { value, lines } = await captureOutput(() => runLocally(sample.handler, { orderId: "o-1" }));

    expect(value.result.result).toBe("charged");
    expect(sample.metrics).toEqual([expect.stringMatching(/^charge SUCCEEDED \d+ms$/)]);
    expect(lines).toEqual([expect.objectContaining({ message: "charging o-1", span: "charge #1" })]);
  });

  it("exports a valid provider in the provider sample", async () => {
    const [, providerSample] = await samples();
    const { durableExecutionPluginProvider: provider } = (await import(providerSample as string)) as {
      durableExecutionPluginProvider: DurableInstrumentationPluginProvider;
    };
    const plugin = provider.createPlugin();
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args));

    try {
      await runLocally(
        withDurableExecution(async (_event, context) => context.step("a", async () => 1), {
          plugins: [plugin],
        }),
      );
    } finally {
      spy.mockRestore();
    }

    expect(provider.pluginApiVersion).toBe(1);
    expect(plugin).toBeInstanceOf(provider.pluginType);
    expect(logged).toEqual([[JSON.stringify({ audit: "a", status: "SUCCEEDED" })]]);
  });
});
