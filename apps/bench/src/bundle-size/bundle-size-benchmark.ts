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
  rawBytes: number;
  gzipBytes: number;
  /** Source files esbuild pulled into the bundle. */
  inputFiles: number;
}

export interface BundleSizeResult {
  esbuildVersion: string;
  engines: Record<EngineId, BundleSizeEngineResult>;
  rawRatio: number | null;
  gzipRatio: number | null;
}

interface EngineBundle {
  code: Uint8Array;
  inputFiles: number;
}

/**
 * Bundles `export * from "<package>"` (the whole public surface, resolved through the package's
 * `exports` map) the way a function is bundled for Lambda: esbuild, minified, platform node, ESM,
 * `@aws-sdk/client-lambda` external. The cold-import benchmark imports the same bundle.
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
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = output.outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild produced no output for ${packageName}`);
  return {
    code,
    inputFiles: Object.keys(output.metafile.inputs).filter((input) => input !== "<stdin>").length,
  };
}

/** Bundle size of each engine's entry (see `bundleEngine`): raw bytes and gzip level 9 bytes. */
export async function runBundleSizeBenchmark(): Promise<BundleSizeResult> {
  const { version } = await import("esbuild");
  const engines = {} as Record<EngineId, BundleSizeEngineResult>;
  for (const engine of ENGINE_IDS) {
    const { code, inputFiles } = await bundleEngine(engine);
    engines[engine] = {
      packageName: Engines[engine].packageName,
      rawBytes: code.byteLength,
      gzipBytes: gzipSync(code, { level: GZIP_LEVEL }).byteLength,
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
