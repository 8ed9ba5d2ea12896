import { readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build, type Format, type Platform } from "esbuild";
import { loadTemplate, resourcesOfType, type TemplateValue } from "./cloudformation-template.ts";

/** Lambda's limit on the unzipped size of a function's code. */
export const LAMBDA_UNZIPPED_CODE_LIMIT_BYTES = 250 * 1024 * 1024;

/** The `BuildProperties` of SAM's esbuild builder this script understands, and their esbuild names. */
const BUILD_PROPERTIES = [
  "Format",
  "Platform",
  "Target",
  "Minify",
  "Sourcemap",
  "EntryPoints",
  "External",
  "OutExtension",
  "Banner",
] as const;

/** One function's bundle. */
export interface FunctionBundle {
  /** The function's logical id in the template. */
  logicalId: string;
  /** `Handler` from the template (`index.handler`). */
  handler: string;
  entryPoint: string;
  /** The bundled handler file. */
  outFile: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  /** Packages left out of the bundle (`@aws-sdk/*`: provided by the runtime); Node built-ins not listed. */
  externalImports: string[];
}

function stringList(value: TemplateValue | undefined, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new Error(`BuildProperties.${name} must be a list of strings`);
  }
  return value as string[];
}

/** `["js=…"]` (SAM's form) → `{ js: "…" }` (esbuild's). */
function keyValueList(value: TemplateValue | undefined, name: string): Record<string, string> {
  return Object.fromEntries(
    stringList(value, name).map((entry) => {
      const equals = entry.indexOf("=");
      if (equals < 1) throw new Error(`BuildProperties.${name}: "${entry}" is not KEY=VALUE`);
      return [entry.slice(0, equals), entry.slice(equals + 1)];
    }),
  );
}

/**
 * The esbuild options SAM's esbuild builder uses for a function's `Metadata.BuildProperties`.
 * Unknown properties are rejected, so a property SAM would honour is never silently ignored here.
 */
export function esbuildOptionsFor(
  logicalId: string,
  properties: Record<string, TemplateValue>,
): BuildOptions {
  const unknown = Object.keys(properties).filter(
    (key) => !(BUILD_PROPERTIES as readonly string[]).includes(key),
  );
  if (unknown.length > 0) {
    throw new Error(
      `${logicalId}: BuildProperties ${unknown.join(", ")} not supported by the bundling script; ` +
        `use ${BUILD_PROPERTIES.join(", ")} or extend tools/bundle-functions.ts`,
    );
  }
  return {
    bundle: true,
    entryPoints: stringList(properties.EntryPoints, "EntryPoints"),
    format: properties.Format as Format,
    platform: properties.Platform as Platform,
    target: properties.Target as string,
    minify: properties.Minify === true,
    sourcemap: properties.Sourcemap === true,
    external: stringList(properties.External, "External"),
    outExtension: keyValueList(properties.OutExtension, "OutExtension"),
    banner: keyValueList(properties.Banner, "Banner"),
  };
}

/**
 * Bundles every function of a SAM template whose `Metadata.BuildMethod` is `esbuild`, with the
 * template's `BuildProperties` (what `sam build` does), into `outDir/<LogicalId>/`, and measures
 * each bundle.
 *
 * @example
 * ```ts
 * const bundles = await bundleFunctions("template.yaml", "dist/functions");
 * console.log(bundles.map((bundle) => `${bundle.logicalId}: ${bundle.bytes} bytes`));
 * ```
 */
export async function bundleFunctions(templatePath: string, outDir: string): Promise<FunctionBundle[]> {
  const template = loadTemplate(templatePath);
  const templateDir = dirname(resolve(templatePath));
  const bundles: FunctionBundle[] = [];
  for (const [logicalId, resource] of resourcesOfType(template, "AWS::Serverless::Function")) {
    if (resource.Metadata?.BuildMethod !== "esbuild") continue;
    const options = esbuildOptionsFor(
      logicalId,
      (resource.Metadata.BuildProperties ?? {}) as Record<string, TemplateValue>,
    );
    const codeUri = typeof resource.Properties?.CodeUri === "string" ? resource.Properties.CodeUri : ".";
    const handler = String(resource.Properties?.Handler ?? "index.handler");
    const functionDir = join(resolve(outDir), logicalId);
    const result = await build({
      ...options,
      absWorkingDir: resolve(templateDir, codeUri),
      outdir: functionDir,
      metafile: true,
      logLevel: "error",
    });
    const outFile = join(
      functionDir,
      `${handler.slice(0, handler.lastIndexOf("."))}${options.outExtension?.[".js"] ?? ".js"}`,
    );
    const code = readFileSync(outFile);
    const output = Object.values(result.metafile.outputs).find(
      (candidate) => candidate.entryPoint !== undefined,
    );
    bundles.push({
      logicalId,
      handler,
      entryPoint: (options.entryPoints as string[])[0] ?? "",
      outFile,
      bytes: code.byteLength,
      gzipBytes: gzipSync(code).byteLength,
      sourceMapBytes: options.sourcemap ? statSync(`${outFile}.map`).size : 0,
      externalImports: [
        ...new Set(
          output?.imports
            .filter((entry) => entry.external && !isBuiltin(entry.path))
            .map((entry) => entry.path),
        ),
      ].sort(),
    });
  }
  return bundles;
}
