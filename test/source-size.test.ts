import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * One concern per file: no source file of a published package grows past 400 lines. A file that
 * needs more holds more than one concern; split it along them.
 */

const ROOT = join(import.meta.dirname, "..");
const MAX_LINES = 400;
const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js)$/;

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(ROOT, "packages"))) {
    const source = join(ROOT, "packages", name, "src");
    if (!existsSync(source)) continue;
    for (const entry of readdirSync(source, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

describe("source files of the packages", () => {
  it(`stay within ${MAX_LINES} lines`, () => {
    const files = sourceFiles();
    const oversized = files
      .map((file) => ({
        file: relative(ROOT, file),
        lines: readFileSync(file, "utf8").split("\n").length - 1,
      }))
      .filter(({ lines }) => lines > MAX_LINES);

    expect(files.length).toBeGreaterThan(100);
    expect(oversized).toEqual([]);
  });
});
