import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PluginLoadError } from "../plugin-load-error.js";
import { type Environment, PLUGIN_ENVIRONMENT_VARIABLE } from "./plugin-specifiers.js";

/** The `code` of the error Node throws when a module cannot be found (ESM, CommonJS). */
export const MODULE_NOT_FOUND_CODES: ReadonlySet<unknown> = new Set([
  "ERR_MODULE_NOT_FOUND",
  "MODULE_NOT_FOUND",
]);
/** How to make a plugin module findable, for error messages. */
export const PACKAGING_HINT =
  "Install the module in the function's deployment package or in a Lambda layer under nodejs/node_modules, " +
  `or correct the specifier in ${PLUGIN_ENVIRONMENT_VARIABLE}.`;

/** The message of a thrown value, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether `value` can carry properties (an object or a function). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../");
}

/** The package a bare specifier belongs to (`@scope/name` or `name`), if it is bare. */
function packageName(specifier: string): string | undefined {
  if (isRelative(specifier) || specifier.startsWith("/") || /^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier))
    return undefined;
  const segments = specifier.split("/");
  return specifier.startsWith("@") ? segments.slice(0, 2).join("/") : segments[0];
}

/** Whether `error` says `specifier` itself was not found (not one of the module's own imports). */
function isNotFound(error: unknown, specifier: string): boolean {
  if (!isRecord(error) || !MODULE_NOT_FOUND_CODES.has(error.code)) return false;
  const message = messageOf(error);
  const name = packageName(specifier);
  return [specifier, name].some(
    (target) => target !== undefined && (message.includes(`'${target}'`) || message.includes(`"${target}"`)),
  );
}

/**
 * Imports a plugin module. Bare and absolute specifiers are tried with `import()` first; when that
 * cannot find them (ESM resolution ignores `NODE_PATH`, which is how Lambda layers are found), and
 * for relative specifiers, the module is resolved from the application root (`LAMBDA_TASK_ROOT`, or
 * the working directory) and imported by file URL.
 */
export async function importPluginModule(specifier: string, environment: Environment): Promise<unknown> {
  let importError: unknown;
  if (!isRelative(specifier)) {
    try {
      return await import(specifier);
    } catch (error) {
      if (!isNotFound(error, specifier)) throw error;
      importError = error;
    }
  }
  const root = environment.LAMBDA_TASK_ROOT?.trim() || process.cwd();
  let resolved: string;
  try {
    resolved = createRequire(join(root, "package.json")).resolve(specifier);
  } catch (resolveError) {
    throw new PluginLoadError(
      `Cannot find plugin module "${specifier}" named in ${PLUGIN_ENVIRONMENT_VARIABLE} ` +
        `(looked up from the engine and from ${root}): ${messageOf(importError ?? resolveError)}. ${PACKAGING_HINT}`,
      { specifier, cause: importError ?? resolveError },
    );
  }
  return import(pathToFileURL(resolved).href);
}
