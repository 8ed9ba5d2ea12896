#!/usr/bin/env node
/**
 * Builds the JavaScript of the workspace package in the current directory: one ESM file per entry
 * of its `exports` map (`./dist/x.js` is built from `./src/x.ts`), modules shared by several entries
 * in shared chunks, every dependency left as an import. `tsc` writes the declarations. A package
 * that loads as one file instead of dozens starts faster in a Lambda cold start (apps/bench
 * "Cold import").
 *
 * Usage (a package's build script): `tsc -p tsconfig.build.json --emitDeclarationOnly && node ../../scripts/bundle-package.mjs`
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/** `./dist/middleware/index.js` → `src/middleware/index.ts`. */
function sourceOf(distPath) {
  const match = /^\.\/dist\/(.+)\.js$/.exec(distPath);
  if (match === null) {
    throw new Error(
      `${manifest.name}: export target ${distPath} is not ./dist/<path>.js; cannot find its source.`,
    );
  }
  return `src/${match[1]}.ts`;
}

const entryPoints = Object.values(manifest.exports ?? {})
  .map((target) => (typeof target === "object" && target !== null ? target.import : undefined))
  .filter((target) => typeof target === "string")
  .map((target) => ({
    in: resolve(packageDir, sourceOf(target)),
    out: target.slice("./dist/".length, -".js".length),
  }));
if (entryPoints.length === 0)
  throw new Error(`${manifest.name}: package.json has no "exports" entry with an "import" target.`);

// JavaScript from an earlier build goes; the declarations tsc has just written stay.
for (const entry of readdirSync(join(packageDir, "dist"), { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && /\.(c|m)?js(\.map)?$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name));
}

await build({
  absWorkingDir: packageDir,
  entryPoints,
  outdir: "dist",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "external",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
});
