import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ENGINE_IDS, type EngineId, Engines } from "../harness/engines.js";
import { ratio } from "../harness/stats.js";

const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
const GZIP_LEVEL = 9;
/** Loaded lazily by both engines and provided by the Lambda Node.js runtime, so not bundled. */
const EXTERNAL_PACKAGES = ["@aws-sdk/client-lambda"];

export interface BundleSizeEngineResult {
  packageName: string;
  /** What loads with the import: the entry and every chunk it imports statically. */
  rawBytes: number;
  gzipBytes: number;
  /** Chunks only reached through dynamic `import()` (loaded on first use, e.g. a transport). */
  lazyRawBytes: number;
  lazyGzipBytes: number;
  /** Source files esbuild pulled into the bundle. */
  inputFiles: number;
}

export interface BundleSizeResult {
  esbuildVersion: string;
  engines: Record<EngineId, BundleSizeEngineResult>;
  rawRatio: number | null;
  gzipRatio: number | null;
}

/** One output file of a bundle, by its name relative to the output directory. */
export interface BundleFile {
  name: string;
  contents: Uint8Array;
}

interface EngineBundle {
  /** Every output file; the first is the entry. */
  files: BundleFile[];
  /** Names of the files that load with the import (the entry and its static imports). */
  eager: Set<string>;
  inputFiles: number;
}

const OUT_DIR = "bundle-out";
const ENTRY_NAME = "entry.js";

/** Output files the entry reaches through static imports, itself included. */
function eagerOutputs(
  outputs: Record<string, { imports: { path: string; kind: string }[] }>,
  entry: string,
): Set<string> {
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && imported.path in outputs) visit(imported.path);
    }
  };
  visit(entry);
  return eager;
}

/**
 * Bundles `export * from "<package>"` (the whole public surface, resolved through the package's
 * `exports` map) the way a function is bundled for Lambda: esbuild, minified, platform node, ESM,
 * `@aws-sdk/client-lambda` external, code behind a dynamic `import()` split into chunks of its own
 * (it loads on first use, not with the import). The cold-import benchmark imports the same bundle.
 */
export async function bundleEngine(engine: EngineId): Promise<EngineBundle> {
  const { packageName } = Engines[engine];
  const output = await build({
    stdin: { contents: `export * from ${JSON.stringify(packageName)};`, resolveDir: BENCH_DIR, loader: "js" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    external: EXTERNAL_PACKAGES,
    splitting: true,
    outdir: OUT_DIR,
    entryNames: "entry",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const prefix = `${OUT_DIR}/`;
  const relative = (path: string) => path.slice(path.lastIndexOf(prefix) + prefix.length);
  const files = output.outputFiles
    .map((file) => ({ name: relative(file.path), contents: file.contents }))
    .sort((a, b) => (a.name === ENTRY_NAME ? -1 : b.name === ENTRY_NAME ? 1 : a.name.localeCompare(b.name)));
  if (files[0]?.name !== ENTRY_NAME) throw new Error(`esbuild produced no entry for ${packageName}`);
  const eager = new Set([...eagerOutputs(output.metafile.outputs, `${OUT_DIR}/${ENTRY_NAME}`)].map(relative));
  return {
    files,
    eager,
    inputFiles: Object.keys(output.metafile.inputs).filter((input) => input !== "<stdin>").length,
  };
}

function sizes(files: readonly BundleFile[]): { raw: number; gzip: number } {
  // One stream, so splitting into files does not add gzip headers the single-file bundle lacks.
  const joined = Buffer.concat(files.map((file) => file.contents));
  return {
    raw: joined.byteLength,
    gzip: files.length === 0 ? 0 : gzipSync(joined, { level: GZIP_LEVEL }).byteLength,
  };
}

/**
 * Bundle size of each engine (see `bundleEngine`), raw bytes and gzip level 9 bytes: what loads with
 * the import, and separately the chunks loaded on first use.
 */
export async function runBundleSizeBenchmark(): Promise<BundleSizeResult> {
  const { version } = await import("esbuild");
  const engines = {} as Record<EngineId, BundleSizeEngineResult>;
  for (const engine of ENGINE_IDS) {
    const { files, eager, inputFiles } = await bundleEngine(engine);
    const loaded = sizes(files.filter((file) => eager.has(file.name)));
    const lazy = sizes(files.filter((file) => !eager.has(file.name)));
    engines[engine] = {
      packageName: Engines[engine].packageName,
      rawBytes: loaded.raw,
      gzipBytes: loaded.gzip,
      lazyRawBytes: lazy.raw,
      lazyGzipBytes: lazy.gzip,
      inputFiles,
    };
  }
  return {
    esbuildVersion: version,
    engines,
    rawRatio: ratio(engines.ours.rawBytes, engines.official.rawBytes),
    gzipRatio: ratio(engines.ours.gzipBytes, engines.official.gzipBytes),
  };
}
