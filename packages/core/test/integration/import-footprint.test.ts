import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** Lists, as JSON, the module files and built-ins a fresh process loads by importing the built package. */
const INVENTORY_SCRIPT = [
  'import { registerHooks } from "node:module";',
  "const loaded = [];",
  "registerHooks({ load(url, context, nextLoad) { loaded.push(url); return nextLoad(url, context); } });",
  'await import("@durable-lambda/core");',
  "process.stdout.write(JSON.stringify(loaded));",
].join("\n");

/**
 * Code that only some functions need, or that runs only once an invocation has started or when a
 * call has failed: it loads on first use, never with the import.
 */
const ON_DEMAND_CHUNKS = [
  "signed-http-transport",
  "sdk-lambda-transport",
  "load-plugins",
  "invocation-plugins",
  "load-redrive-seed",
  "find-non-json-value",
  "file-system-storage",
  // The default logger (a function with its own logger never loads it).
  "default-logger",
  // The check of pluginsConfig.childOperationsDepth, for functions that set it.
  "child-operations-depth",
  // The calls of DurableExecutionApiClient, and the report of a failed call to a logger.
  "durable-execution-api-calls",
  "log-api-failure",
  // Failures: classifying a failed state call, an outcome the Lambda response cannot carry.
  "classify-checkpoint-error",
  "unreturnable-outcome",
];

// A fresh process, because the test runner has loaded most of these already.
describe("importing the package", () => {
  it("loads neither the transports, the opt-in features, the failure paths, aws4, nor node:http and node:util", async () => {
    const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", INVENTORY_SCRIPT], {
      cwd: PACKAGE_DIR,
    });
    const loaded = JSON.parse(stdout) as string[];
    const files = loaded.filter((url) => url.startsWith("file:"));

    expect(files.some((url) => url.endsWith("/dist/index.js"))).toBe(true);
    // Each name is a chunk of the build, so a renamed or merged chunk cannot pass unnoticed.
    const built = readdirSync(`${PACKAGE_DIR}/dist/chunks`);
    for (const chunk of ON_DEMAND_CHUNKS) {
      expect(built.filter((file) => file.startsWith(`${chunk}-`) && file.endsWith(".js"))).toHaveLength(1);
    }
    for (const chunk of ON_DEMAND_CHUNKS) {
      expect(files.filter((url) => url.includes(`/chunks/${chunk}-`))).toEqual([]);
    }
    expect(files.filter((url) => /[/\\](aws4|@aws-sdk)[/\\]/.test(url))).toEqual([]);
    expect(loaded.filter((url) => ["node:http", "node:https", "node:util"].includes(url))).toEqual([]);
  });
});
