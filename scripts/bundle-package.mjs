#!/usr/bin/env node
/**
 * Builds the JavaScript of the workspace package in the current directory: one ESM file per entry
 * of its `exports` map (`./dist/x.js` is built from `./src/x.ts`), modules shared by several entries
 * in shared chunks, code behind a dynamic `import()` in chunks of its own, every dependency left as
 * an import. `tsc` writes the declarations. A package that loads as a few files instead of dozens
 * starts faster in a Lambda cold start (apps/bench "Cold import"). Rolldown rather than esbuild: for
 * a chunk loaded by `import()` it does not split off the modules its importer has already loaded,
 * so the import path stays a few files however many features load on demand.
 *
 * Usage (a package's build script): `tsc -p tsconfig.build.json --emitDeclarationOnly && node ../../scripts/bundle-package.mjs`
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "rolldown";

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

/** The `"."` export: what `import "<package>"` loads. */
const mainTarget = manifest.exports?.["."];
const mainEntryName =
  typeof mainTarget?.import === "string"
    ? mainTarget.import.slice("./dist/".length, -".js".length)
    : undefined;

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

/** Static imports of `id`, transitively, itself included; dependencies (not paths) left out. */
function staticClosure(ids, context) {
  const seen = new Set();
  const pending = [...ids];
  while (pending.length > 0) {
    const id = pending.pop();
    if (seen.has(id) || isExternal(id)) continue;
    seen.add(id);
    pending.push(...(context.getModuleInfo(id)?.importedIds ?? []));
  }
  return seen;
}

/**
 * The modules that the package's main entry and a chunk loaded on first use both import statically.
 * Rolldown would leave them in the entry's shared chunk, which the on-demand chunk then imports; a
 * bundler that splits by file (esbuild, bundling a function that uses the package) must then keep
 * that whole chunk apart from the entry and link the two with an import of every name the entry
 * uses. In a chunk of their own ("shared"), the rest of the entry's code merges into the entry.
 */
let sharedWithOnDemand;
function sharedChunkName(id, context) {
  if (sharedWithOnDemand === undefined) {
    const main = entryPoints.find((entry) => entry.out === mainEntryName) ?? entryPoints[0];
    const loaded = staticClosure([main.in], context);
    const onDemandRoots = [...loaded].flatMap(
      (module) => context.getModuleInfo(module)?.dynamicallyImportedIds ?? [],
    );
    sharedWithOnDemand = new Set(
      [...staticClosure(onDemandRoots, context)].filter((module) => loaded.has(module)),
    );
  }
  return sharedWithOnDemand.has(id) ? "shared" : null;
}

/** Dependencies and Node built-ins stay imports: anything that is not a path. */
function isExternal(id) {
  return !id.startsWith(".") && !id.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(id);
}

await build({
  cwd: packageDir,
  input: Object.fromEntries(entryPoints.map((entry) => [entry.out, entry.in])),
  external: isExternal,
  platform: "node",
  logLevel: "warn",
  output: {
    dir: join(packageDir, "dist"),
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "chunks/[name]-[hash].js",
    sourcemap: true,
    comments: { legal: false, jsdoc: false, annotation: true },
    codeSplitting: {
      groups: [{ name: sharedChunkName, debugName: "shared with on-demand chunks" }],
    },
  },
});
