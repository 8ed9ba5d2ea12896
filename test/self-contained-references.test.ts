import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The rule: what ships or is read in this repository explains itself. A comment (or a doc, or a
 * message) states the rule it relies on in its own words, and points only at what a reader of the
 * repository can open: a file in it, or a public web page such as the AWS documentation. It never
 * cites working notes kept outside the repository: their file names, their folders, their section
 * numbers or the row ids of their tables.
 *
 * Checked here over every package and app: `src/`, `test/` and the built `dist/` (declarations,
 * bundles and source maps, which is where comments reach users), plus the scripts and every
 * Markdown file. Build first (`npm test` does).
 */

const ROOT = join(import.meta.dirname, "..");
const TEXT_FILE = /\.(?:[cm]?[jt]s|tsx|d\.ts|map|md|json)$/;
const SKIPPED_DIRECTORIES = new Set([
  "node_modules",
  ".turbo",
  ".generated",
  ".scratch",
  "coverage",
  "results",
]);

/** A reference that leads outside the repository, and why it is refused. */
const OUTSIDE_REFERENCES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:research|seeds|shared)\/[\w.-]/, "a path into a notes folder outside the repository"],
  [/\b(?:PROTOCOL|DESIGN|STYLE)\.md\b/, "a design note kept outside the repository"],
  [/\u00a7\s*\d/, "a section number of an outside document"],
  [/\bseed (?:rows?\b|[A-H]\d{1,2}\b|\d{3}\b)|\bPython\sseed\b/i, "a row or document id of outside notes"],
  [/\/work\/(?:shared|wt|main)\b/, "an absolute path on a development machine"],
];

function* files(directory: string): Generator<string> {
  if (!existsSync(directory)) return;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && TEXT_FILE.test(entry.name)) yield path;
  }
}

function workspaces(): string[] {
  return ["packages", "apps"].flatMap((group) =>
    readdirSync(join(ROOT, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(ROOT, group, entry.name)),
  );
}

function checkedFiles(): string[] {
  const checked = new Set<string>();
  for (const workspace of workspaces()) {
    for (const folder of ["src", "test", "dist"])
      for (const file of files(join(workspace, folder))) checked.add(file);
    for (const file of readdirSync(workspace)) if (file.endsWith(".md")) checked.add(join(workspace, file));
  }
  for (const folder of ["scripts", "test"]) for (const file of files(join(ROOT, folder))) checked.add(file);
  for (const file of readdirSync(ROOT)) if (file.endsWith(".md")) checked.add(join(ROOT, file));
  return [...checked].sort();
}

/** The Markdown files of the repository, by file name: the only ones a comment may name. */
function markdownNames(): Set<string> {
  const names = new Set<string>();
  for (const file of checkedFiles()) if (file.endsWith(".md")) names.add(basename(file));
  return names;
}

describe("references in code, built output and docs", () => {
  const checked = checkedFiles();

  it("checks the sources and the built output of every package", () => {
    for (const workspace of workspaces().filter((path) => path.includes("/packages/"))) {
      const name = relative(ROOT, workspace);

      expect(
        checked.some((file) => file.startsWith(join(workspace, "src/"))),
        `${name}/src`,
      ).toBe(true);
      expect(
        checked.some((file) => file.startsWith(join(workspace, "dist/"))),
        `${name}/dist (build first)`,
      ).toBe(true);
    }
  });

  it("never point at notes kept outside the repository", () => {
    const findings: string[] = [];
    for (const file of checked) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, index) => {
        for (const [pattern, why] of OUTSIDE_REFERENCES) {
          const match = pattern.exec(line);
          if (match !== null) findings.push(`${relative(ROOT, file)}:${index + 1}: "${match[0]}" is ${why}`);
        }
      });
    }

    expect(findings).toEqual([]);
  });

  it("name only Markdown files that exist in the repository", () => {
    const known = markdownNames();
    const findings: string[] = [];
    for (const file of checked) {
      if (file.endsWith(".map")) continue; // source maps repeat the sources checked already
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\b[\w-]+\.md\b/g)) {
        if (!known.has(match[0])) findings.push(`${relative(ROOT, file)}: ${match[0]}`);
      }
    }

    expect(findings).toEqual([]);
  });
});
