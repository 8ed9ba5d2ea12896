import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCliProcess } from "./support/cli-process.js";
import {
  type DevProcess,
  eventually,
  PROCESS_TEST_TIMEOUT_MS,
  startDevProcess,
} from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const greetingModule = (greeting: string) => `
import { withDurableExecution } from "@durable-lambda/core";
export const handler = withDurableExecution(async (event: { name: string }, context) =>
  context.step("greet", async () => \`${greeting} \${event.name}\`),
);
`;

describe("durable-lambda dev reloads a changed module", () => {
  let dir: string;
  let dev: DevProcess;

  beforeAll(async () => {
    // Beside the fixtures, so the module resolves @durable-lambda/core from the workspace.
    dir = mkdtempSync(join(import.meta.dirname, "fixtures", ".reload-"));
    writeFileSync(join(dir, "greeter.ts"), greetingModule("hello"));
    dev = await startDevProcess(["greeter.ts", "--port", "0", "--store", ":memory:", "--skip-time"], {
      cwd: dir,
    });
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function greet(name: string): Promise<string> {
    const started = await runCliProcess([
      "executions",
      "start",
      "greeter",
      "--name",
      name,
      "--input",
      `{"name":"${name}"}`,
      "--endpoint-url",
      dev.url,
    ]);
    const arn = started.stdout.trim();
    return eventually(`${name} to finish`, async () => {
      const { stdout } = await runCliProcess([
        "executions",
        "describe",
        arn,
        "--json",
        "--endpoint-url",
        dev.url,
      ]);
      const description = JSON.parse(stdout) as { status: string; output?: string };
      return description.status === "SUCCEEDED"
        ? (JSON.parse(description.output ?? "null") as string)
        : undefined;
    });
  }

  it("runs new executions with the new code after the file changes", async () => {
    expect(await greet("ada")).toBe("hello ada");

    writeFileSync(join(dir, "greeter.ts"), greetingModule("bonjour"));
    await dev.waitForOutput(`reloaded ${join(dir, "greeter.ts")}`);

    expect(await greet("grace")).toBe("bonjour grace");
    expect(readFileSync(join(dir, "greeter.ts"), "utf8")).toContain("bonjour");
  });

  it("keeps the previous code when the changed module does not load, and says why", async () => {
    writeFileSync(join(dir, "greeter.ts"), "export const handler = ;");
    await dev.waitForOutput("(keeping the previous version)");

    expect(await greet("linus")).toBe("bonjour linus");
  });
});
