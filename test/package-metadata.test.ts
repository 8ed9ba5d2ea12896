import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Every published package (each `packages/*` workspace) describes itself the same way on npm:
 * where its source and README live, where to report a problem, which Node it needs, an `exports`
 * map whose conditions name the types first, no side effects on import, and a `files` whitelist.
 */

const ROOT = join(import.meta.dirname, "..");

interface Manifest {
  name?: string;
  description?: string;
  license?: string;
  private?: boolean;
  homepage?: string;
  repository?: { type?: string; url?: string; directory?: string };
  bugs?: { url?: string };
  engines?: { node?: string };
  exports?: Record<string, unknown>;
  sideEffects?: boolean;
  files?: string[];
}

function manifest(directory: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, directory, "package.json"), "utf8")) as Manifest;
}

const rootManifest = manifest(".");
const repositoryUrl = rootManifest.repository?.url ?? "";
/** `git+https://host/owner/name.git` → `https://host/owner/name`. */
const repositoryWeb = repositoryUrl.replace(/^git\+/, "").replace(/\.git$/, "");

const packages = readdirSync(join(ROOT, "packages"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, "packages", entry.name, "package.json")))
  .map((entry) => `packages/${entry.name}`);

describe("package metadata", () => {
  it("the repository names its home, its source and where to report problems", () => {
    expect(repositoryUrl).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(rootManifest.homepage).toBe(`${repositoryWeb}#readme`);
    expect(rootManifest.bugs?.url).toBe(`${repositoryWeb}/issues`);
  });

  for (const directory of packages) {
    describe(directory, () => {
      const pkg = manifest(directory);

      it("links its README, its folder in the repository and the issue tracker", () => {
        expect(pkg.private).not.toBe(true);
        expect(pkg.name).toMatch(/^@durable-lambda\//);
        expect(pkg.description?.length ?? 0).toBeGreaterThan(20);
        expect(pkg.license).toBe(rootManifest.license);
        expect(pkg.homepage).toBe(`${repositoryWeb}/tree/main/${directory}#readme`);
        expect(pkg.repository).toEqual({ type: "git", url: repositoryUrl, directory });
        expect(pkg.bugs).toEqual({ url: `${repositoryWeb}/issues` });
        expect(existsSync(join(ROOT, directory, "README.md"))).toBe(true);
      });

      it("declares the Node it needs, its entry points with types first, no side effects and its files", () => {
        expect(pkg.engines?.node).toMatch(/^>=22/);
        expect(pkg.sideEffects).toBe(false);
        expect(pkg.files).toEqual(expect.arrayContaining(["dist", "README.md"]));
        const entries = Object.entries(pkg.exports ?? {}).filter(([subpath]) => subpath !== "./package.json");
        expect(entries.length).toBeGreaterThan(0);
        for (const [subpath, conditions] of entries) {
          expect(Object.keys(conditions as object)[0], `exports["${subpath}"]`).toBe("types");
        }
      });
    });
  }
});
