import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The README's `sh local` blocks run here, from the repository root, so they cannot rot. A command
// may end with `# exit N` (its expected exit code; default 0).
const appDir = fileURLToPath(new URL("..", import.meta.url));
const repositoryRoot = join(appDir, "..", "..");
const readme = readFileSync(join(appDir, "README.md"), "utf8");
const commands = [...readme.matchAll(/```sh local\n([\s\S]*?)```/g)].flatMap((match) =>
  (match[1] ?? "")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const expected = /#\s*exit (\d+)/.exec(line);
      return { command: line.replace(/\s+#.*$/, ""), exitCode: expected ? Number(expected[1]) : 0, line };
    }),
);

describe("the README's local commands", { timeout: 120_000 }, () => {
  it("are there", () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
  });

  it.each(commands)("$line", ({ command, exitCode }) => {
    const run = spawnSync("bash", ["-c", command], {
      cwd: repositoryRoot,
      encoding: "utf8",
      timeout: 110_000,
    });

    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(exitCode);
    expect(run.stdout).toMatch(exitCode === 0 ? /SUCCEEDED|Bundles in/ : /status {4}FAILED/);
  });
});
