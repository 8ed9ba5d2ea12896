import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const generated = join(here, ".generated");
const tsc = join(here, "../../../../node_modules/.bin/tsc");
const OFFICIAL_IMPORT = '"@aws/durable-execution-sdk-js"';
const OUR_IMPORT = '"@durable-lambda/core"';

/** Type-checks `source` as a module next to this test; resolves with tsc's diagnostics (empty when clean). */
async function typeCheck(name: string, source: string): Promise<string> {
  await mkdir(generated, { recursive: true });
  await writeFile(join(generated, `${name}.ts`), source);
  const config = {
    extends: "../../../../../tsconfig.base.json",
    compilerOptions: { noEmit: true, rootDir: "../../../../.." },
    files: [`${name}.ts`],
  };
  await writeFile(join(generated, `tsconfig.${name}.json`), JSON.stringify(config));
  try {
    await promisify(execFile)(tsc, ["-p", join(generated, `tsconfig.${name}.json`)]);
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

// Compatibility promise: handler code typed against @aws/durable-execution-sdk-js type-checks
// unchanged against @durable-lambda/core; only the import changes.
describe("type compatibility with @aws/durable-execution-sdk-js", () => {
  afterAll(() => rm(generated, { recursive: true, force: true }));

  it("compiles the official-typed handlers with only the import changed", async () => {
    const official = await readFile(join(here, "official-handlers.fixture.ts"), "utf8");
    expect(official).toContain(OFFICIAL_IMPORT);
    expect(await typeCheck("official", official)).toBe("");
    const ours = official.replaceAll(OFFICIAL_IMPORT, OUR_IMPORT);
    expect(await typeCheck("ours", ours)).toBe("");
  }, 60_000);

  it("still reports a real type error (the check can fail)", async () => {
    const official = await readFile(join(here, "official-handlers.fixture.ts"), "utf8");
    const broken = `${official.replaceAll(OFFICIAL_IMPORT, OUR_IMPORT)}
export const broken = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  const wrong: number = await context.step("s", async () => "not a number");
  return wrong;
});
`;
    expect(await typeCheck("broken", broken)).toContain("TS2322");
  }, 60_000);
});
