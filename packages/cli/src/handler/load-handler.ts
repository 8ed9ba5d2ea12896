import { existsSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { HandlerLoadError } from "../errors/cli-errors.js";

/** The export a handler reference names when it has no `#export` part. */
export const DEFAULT_HANDLER_EXPORT = "handler";

/** A parsed `<module>[#export]` reference. */
export interface HandlerReference {
  /** Absolute path of the module file. */
  file: string;
  /** The export to call. Default: `handler`, then the module's default export. */
  exportName: string | undefined;
  /** The function name derived from the file: its base name without extension. */
  defaultFunctionName: string;
}

/** A loaded handler and the files its import pulled in (to watch them). */
export interface LoadedHandler {
  handler: (event: unknown, context: unknown) => unknown;
  /** Absolute paths of the project files the module imported (not node_modules). */
  files: string[];
}

/**
 * Parses `path/to/module.ts#exportName` relative to `cwd`.
 *
 * @example
 * ```ts
 * parseHandlerReference("src/order.ts#handler", process.cwd());
 * // { file: "/…/src/order.ts", exportName: "handler", defaultFunctionName: "order" }
 * ```
 */
export function parseHandlerReference(reference: string, cwd: string): HandlerReference {
  const hash = reference.lastIndexOf("#");
  const path = hash === -1 ? reference : reference.slice(0, hash);
  const exportName = hash === -1 ? undefined : reference.slice(hash + 1);
  if (path === "") {
    throw new HandlerLoadError(
      `handler reference "${reference}" has no module path. Write <module>[#export], e.g. src/handler.ts#handler.`,
    );
  }
  if (exportName === "") {
    throw new HandlerLoadError(
      `handler reference "${reference}" ends with "#" but names no export. Write <module>#<export>, or leave out "#".`,
    );
  }
  const file = resolve(cwd, path);
  return { file, exportName, defaultFunctionName: basename(file, extname(file)) };
}

/**
 * Imports a handler module (JavaScript or TypeScript, ESM or CommonJS) and returns the named
 * export. Each call imports the module afresh, so a changed file is picked up.
 *
 * @example
 * ```ts
 * const { handler } = await loadHandler(parseHandlerReference("src/order.ts", process.cwd()));
 * ```
 */
export async function loadHandler(reference: HandlerReference): Promise<LoadedHandler> {
  if (!existsSync(reference.file)) {
    throw new HandlerLoadError(
      `cannot load handler: ${reference.file} does not exist. Check the path (it is relative to the current directory).`,
    );
  }
  const files = new Set<string>([reference.file]);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await tsImport(pathToFileURL(reference.file).href, {
      parentURL: import.meta.url,
      onImport: (url) => {
        if (url.startsWith("file:") && !url.includes("/node_modules/")) files.add(new URL(url).pathname);
      },
    })) as Record<string, unknown>;
  } catch (error) {
    throw new HandlerLoadError(
      `cannot load handler module ${reference.file}: ${error instanceof Error ? error.message : String(error)}. Fix the error in the module and try again.`,
      { cause: error },
    );
  }
  const candidates =
    reference.exportName === undefined ? [DEFAULT_HANDLER_EXPORT, "default"] : [reference.exportName];
  for (const name of candidates) {
    let value = namespace[name];
    // A CommonJS module imported as ESM puts module.exports on `default`.
    if (value === undefined && typeof namespace.default === "object" && namespace.default !== null) {
      value = (namespace.default as Record<string, unknown>)[name];
    }
    if (typeof value === "function") {
      return { handler: value as LoadedHandler["handler"], files: [...files] };
    }
  }
  const exported = Object.keys(namespace).filter((key) => typeof namespace[key] === "function");
  throw new HandlerLoadError(
    `module ${reference.file} has no function export named ${candidates.map((name) => `"${name}"`).join(" or ")}` +
      ` (function exports: ${exported.length === 0 ? "none" : exported.join(", ")}). Name one with <module>#<export>.`,
  );
}
