// Bundles the functions of template.yaml as `sam build` does (esbuild, the template's
// BuildProperties) and reports each bundle's size: `npm run bundle` (add --json for JSON).
import { fileURLToPath } from "node:url";
import {
  bundleFunctions,
  type FunctionBundle,
  LAMBDA_UNZIPPED_CODE_LIMIT_BYTES,
} from "./bundle-functions.ts";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function table(bundles: FunctionBundle[]): string {
  const rows = [
    ["function", "entry point", "bundle", "gzip", "source map", "external imports"],
    ...bundles.map((bundle) => [
      bundle.logicalId,
      bundle.entryPoint,
      kib(bundle.bytes),
      kib(bundle.gzipBytes),
      kib(bundle.sourceMapBytes),
      bundle.externalImports.join(", ") || "none",
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const bundles = await bundleFunctions(`${appDir}template.yaml`, `${appDir}.generated/functions`);
const tooLarge = bundles.filter((bundle) => bundle.bytes > LAMBDA_UNZIPPED_CODE_LIMIT_BYTES);
if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify(bundles, null, 2)}\n`);
} else {
  process.stdout.write(`${table(bundles)}\n\nBundles in ${appDir}.generated/functions/<function>/\n`);
}
if (tooLarge.length > 0) {
  process.stderr.write(
    `Over Lambda's 250 MiB code limit: ${tooLarge.map((bundle) => bundle.logicalId).join(", ")}\n`,
  );
  process.exitCode = 1;
}
