import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { bundleEngine } from "../bundle-size/bundle-size-benchmark.js";
import { ENGINE_IDS, type EngineId, Engines } from "../harness/engines.js";
import { ratio, type Sample, summarize } from "../harness/stats.js";

const execFileAsync = promisify(execFile);

/** The package directory: child processes resolve the engines from here, as a function's code would. */
const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** Packages that must not load at import time: the AWS SDK client is only needed on first transport use. */
const LAZY_PACKAGE_PATTERN = /[/\\]@aws-sdk[/\\]/;

export interface ColdImportOptions {
  /** Fresh processes per engine and form (interleaved ours, official, ours, …). */
  runs: number;
}

export const defaultColdImportOptions: ColdImportOptions = { runs: 15 };

export interface ColdImportEngineResult {
  packageName: string;
  /** `performance.now()` around `await import(pkg)` in a fresh process, in ms. */
  importMs: Sample;
  /** The same for the esbuild bundle of the entry (as a bundled function deploys it; lazy chunks not loaded). */
  bundledImportMs: Sample;
  /** Module files (ESM or CommonJS) the package import loaded, builtins excluded. */
  modulesLoaded: number;
  /** `@aws-sdk/*` modules loaded by the import (must be empty: the client is loaded lazily). */
  awsSdkModulesLoaded: string[];
}

export interface ColdImportResult {
  engines: Record<EngineId, ColdImportEngineResult>;
  /** Median import time of the package, ours / official. */
  timeRatio: number | null;
  /** Median import time of the bundle, ours / official. */
  bundledTimeRatio: number | null;
}

/** The timed probe: nothing but the import runs between the two clock reads. */
function timedImportScript(specifier: string): string {
  return [
    "const started = performance.now();",
    `await import(${JSON.stringify(specifier)});`,
    "const elapsed = performance.now() - started;",
    "process.stdout.write(JSON.stringify({ elapsed }));",
  ].join("\n");
}

/**
 * The inventory probe (a separate process, because hooks slow loading down): a synchronous module
 * hook records every file URL that `import` and `require` load.
 */
function inventoryScript(specifier: string): string {
  return [
    'import { registerHooks } from "node:module";',
    "const loaded = [];",
    "registerHooks({ load(url, context, nextLoad) { if (url.startsWith('file:')) loaded.push(url); return nextLoad(url, context); } });",
    `await import(${JSON.stringify(specifier)});`,
    "process.stdout.write(JSON.stringify({ loaded }));",
  ].join("\n");
}

async function runProbe<T>(script: string): Promise<T> {
  const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "--eval", script], {
    cwd: BENCH_DIR,
  });
  return JSON.parse(stdout) as T;
}

/**
 * Cold import: `import()` of each engine in fresh Node processes, timed inside the process (process
 * start-up excluded), median of `runs`, for two forms: the package entry as installed (`dist/` as
 * published) and the esbuild bundle of it (what a bundled function loads). One more process per
 * engine lists the module files the package import loads, to check that neither loads
 * `@aws-sdk/client-lambda` eagerly.
 */
export async function runColdImportBenchmark(
  options: ColdImportOptions = defaultColdImportOptions,
): Promise<ColdImportResult> {
  const bundleDir = await mkdtemp(join(tmpdir(), "durable-bench-"));
  try {
    const specifiers = {} as Record<EngineId, { packageName: string; bundle: string }>;
    for (const engine of ENGINE_IDS) {
      const engineDir = join(bundleDir, engine);
      const { files } = await bundleEngine(engine);
      for (const file of files) {
        await mkdir(dirname(join(engineDir, file.name)), { recursive: true });
        await writeFile(join(engineDir, file.name), file.contents);
      }
      // The chunks are ES modules with a .js extension.
      await writeFile(join(engineDir, "package.json"), '{ "type": "module" }\n');
      const bundlePath = join(engineDir, files[0]?.name ?? "");
      specifiers[engine] = {
        packageName: Engines[engine].packageName,
        bundle: pathToFileURL(bundlePath).href,
      };
    }

    const packageTimes: Record<EngineId, number[]> = { ours: [], official: [] };
    const bundleTimes: Record<EngineId, number[]> = { ours: [], official: [] };
    for (let run = 0; run < options.runs; run++) {
      for (const engine of ENGINE_IDS) {
        const { packageName, bundle } = specifiers[engine];
        packageTimes[engine].push(
          (await runProbe<{ elapsed: number }>(timedImportScript(packageName))).elapsed,
        );
        bundleTimes[engine].push((await runProbe<{ elapsed: number }>(timedImportScript(bundle))).elapsed);
      }
    }

    const engines = {} as Record<EngineId, ColdImportEngineResult>;
    for (const engine of ENGINE_IDS) {
      const { packageName } = specifiers[engine];
      const { loaded } = await runProbe<{ loaded: string[] }>(inventoryScript(packageName));
      engines[engine] = {
        packageName,
        importMs: summarize(packageTimes[engine]),
        bundledImportMs: summarize(bundleTimes[engine]),
        modulesLoaded: loaded.length,
        awsSdkModulesLoaded: loaded.filter((url) => LAZY_PACKAGE_PATTERN.test(url)),
      };
    }
    return {
      engines,
      timeRatio: ratio(engines.ours.importMs.median, engines.official.importMs.median),
      bundledTimeRatio: ratio(engines.ours.bundledImportMs.median, engines.official.bundledImportMs.median),
    };
  } finally {
    await rm(bundleDir, { recursive: true, force: true });
  }
}
