import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const FIXTURE = fileURLToPath(new URL("../fixtures/commonjs-handler.cjs", import.meta.url));

describe("CommonJS handlers", () => {
  it("require() the built packages and run a durable execution to the end, sharing the ESM module instance", async () => {
    // A separate Node process, so that require() goes through Node's own loader and the packages'
    // exports maps, as in a Lambda function compiled to CommonJS.
    const { stdout, stderr } = await run(process.execPath, [FIXTURE], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });

    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual({
      status: "SUCCEEDED",
      result: { doubled: 42, failure: "StepError: refused" },
      invocations: 2,
      sameModuleAsImport: true,
    });
  });
});
