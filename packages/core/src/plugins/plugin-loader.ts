import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PluginLoadError } from "../errors/index.js";
import type { DurableExecutionConfig } from "../types/core.js";
import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
} from "../types/plugin.js";
import { PluginRunner } from "./plugin-runner.js";

/** The environment variable listing plugin modules to load (comma-separated module specifiers). */
export const PLUGIN_ENVIRONMENT_VARIABLE = "DURABLE_EXECUTION_PLUGINS" as const;
/** The export a plugin module must provide. */
export const PLUGIN_PROVIDER_EXPORT = "durableExecutionPluginProvider" as const;

const MODULE_NOT_FOUND_CODES: ReadonlySet<unknown> = new Set(["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"]);
const PACKAGING_HINT =
  "Install the module in the function's deployment package or in a Lambda layer under nodejs/node_modules, " +
  `or correct the specifier in ${PLUGIN_ENVIRONMENT_VARIABLE}.`;

type Environment = Readonly<Record<string, string | undefined>>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

/** The specifiers listed in `DURABLE_EXECUTION_PLUGINS`; empty when it is unset or blank. */
export function pluginSpecifiers(environment: Environment): string[] {
  const listed = environment[PLUGIN_ENVIRONMENT_VARIABLE];
  if (listed === undefined || listed.trim() === "") return [];
  const specifiers = listed.split(",").map((entry) => entry.trim());
  if (specifiers.includes("")) {
    throw new PluginLoadError(
      `${PLUGIN_ENVIRONMENT_VARIABLE} has an empty entry (${JSON.stringify(listed)}). List module specifiers ` +
        'separated by single commas, without empty entries or a trailing comma, for example "@acme/durable-otel,./plugins/audit.js".',
    );
  }
  const seen = new Set<string>();
  for (const specifier of specifiers) {
    if (seen.has(specifier)) {
      throw new PluginLoadError(
        `${PLUGIN_ENVIRONMENT_VARIABLE} names "${specifier}" more than once. Each module creates one plugin; remove the duplicate.`,
        { specifier },
      );
    }
    seen.add(specifier);
  }
  return specifiers;
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
async function importPluginModule(specifier: string, environment: Environment): Promise<unknown> {
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

function providerOf(specifier: string, namespace: unknown): Record<string, unknown> {
  const direct = isRecord(namespace) ? namespace[PLUGIN_PROVIDER_EXPORT] : undefined;
  const fallback =
    isRecord(namespace) && isRecord(namespace.default)
      ? namespace.default[PLUGIN_PROVIDER_EXPORT]
      : undefined;
  const provider = direct ?? fallback;
  if (direct !== undefined && fallback !== undefined && direct !== fallback) {
    throw new PluginLoadError(
      `Plugin module "${specifier}" exports two different ${PLUGIN_PROVIDER_EXPORT} values (a named export and one on ` +
        "the default export). Export exactly one provider.",
      { specifier },
    );
  }
  if (provider === undefined) {
    throw new PluginLoadError(
      `Plugin module "${specifier}" does not export ${PLUGIN_PROVIDER_EXPORT}. Export ` +
        `{ pluginApiVersion: ${DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION}, pluginType: MyPlugin, createPlugin: () => new MyPlugin() } ` +
        "under that name (or as a property of the default export).",
      { specifier },
    );
  }
  if (!isRecord(provider)) {
    throw new PluginLoadError(
      `Plugin module "${specifier}" exports a ${PLUGIN_PROVIDER_EXPORT} that is not an object.`,
      {
        specifier,
      },
    );
  }
  return provider;
}

function createFromProvider(
  specifier: string,
  provider: Record<string, unknown>,
): DurableInstrumentationPlugin {
  if (provider.pluginApiVersion !== DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION) {
    throw new PluginLoadError(
      `Plugin module "${specifier}" declares plugin API version ${JSON.stringify(provider.pluginApiVersion)}, but this ` +
        `engine supports version ${DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION}. Install a version of the plugin built ` +
        `for plugin API version ${DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION}.`,
      { specifier },
    );
  }
  const pluginType = provider.pluginType;
  if (typeof pluginType !== "function" || !isRecord(pluginType.prototype)) {
    throw new PluginLoadError(
      `Plugin module "${specifier}": ${PLUGIN_PROVIDER_EXPORT}.pluginType must be the plugin's class (a constructor).`,
      { specifier },
    );
  }
  if (typeof provider.createPlugin !== "function") {
    throw new PluginLoadError(
      `Plugin module "${specifier}": ${PLUGIN_PROVIDER_EXPORT}.createPlugin must be a function returning a new plugin.`,
      { specifier },
    );
  }
  let plugin: unknown;
  try {
    plugin = (provider as unknown as DurableInstrumentationPluginProvider).createPlugin();
  } catch (cause) {
    throw new PluginLoadError(`Plugin module "${specifier}": createPlugin() threw: ${messageOf(cause)}`, {
      specifier,
      cause,
    });
  }
  if (!(plugin instanceof pluginType)) {
    const created = isRecord(plugin) ? (plugin.constructor?.name ?? typeof plugin) : String(plugin);
    throw new PluginLoadError(
      `Plugin module "${specifier}": createPlugin() returned ${created}, not an instance of the declared ` +
        `pluginType ${pluginType.name || "(anonymous class)"}. Return new ${pluginType.name || "pluginType"}().`,
      { specifier },
    );
  }
  return plugin as DurableInstrumentationPlugin;
}

async function loadFromEnvironment(
  specifiers: readonly string[],
  environment: Environment,
): Promise<DurableInstrumentationPlugin[]> {
  const plugins: DurableInstrumentationPlugin[] = [];
  for (const specifier of specifiers) {
    let namespace: unknown;
    try {
      namespace = await importPluginModule(specifier, environment);
    } catch (error) {
      if (error instanceof PluginLoadError) throw error;
      throw new PluginLoadError(
        `Plugin module "${specifier}" named in ${PLUGIN_ENVIRONMENT_VARIABLE} failed to load: ${messageOf(error)}. ` +
          (isRecord(error) && MODULE_NOT_FOUND_CODES.has(error.code)
            ? `A module it imports is missing. ${PACKAGING_HINT}`
            : "Fix the error in the module or remove it from the list."),
        { specifier, cause: error },
      );
    }
    plugins.push(createFromProvider(specifier, providerOf(specifier, namespace)));
  }
  return plugins;
}

/** The plugins of one wrapped handler: a runner once loaded, or `undefined` when there are none. */
type PreparedPlugins = Promise<PluginRunner | undefined>;

/** Recorded for a config with nothing to load, so the environment is read once per config too. */
const NOTHING_TO_LOAD = null;

// Keyed by the config object, so a handler's plugins are loaded once and die with the handler.
const preparedByConfig = new WeakMap<DurableExecutionConfig, PreparedPlugins | typeof NOTHING_TO_LOAD>();

function ignore(): void {}

/**
 * Starts loading the plugins of `config`: its `plugins` first, in order, then one per module named
 * in `DURABLE_EXECUTION_PLUGINS`, in the listed order. Loading happens once per config object (when
 * the handler is wrapped, or on its first invocation); later calls return the same promise.
 * Returns `undefined`, without allocating, when there is nothing to load. The promise rejects with
 * a {@link PluginLoadError}.
 */
export function preparePlugins(
  config: DurableExecutionConfig,
  environment: Environment = process.env,
): PreparedPlugins | undefined {
  const prepared = preparedByConfig.get(config);
  if (prepared !== undefined) return prepared ?? undefined;
  const listed = environment[PLUGIN_ENVIRONMENT_VARIABLE];
  const explicit = config.plugins ?? [];
  if (explicit.length === 0 && (listed === undefined || listed.trim() === "")) {
    preparedByConfig.set(config, NOTHING_TO_LOAD);
    return undefined;
  }
  const loading = (async () => {
    const loaded = await loadFromEnvironment(pluginSpecifiers(environment), environment);
    return PluginRunner.create([...explicit, ...loaded]);
  })();
  // Rejections are reported by each invocation; until one awaits it, the promise must not count as unhandled.
  loading.catch(ignore);
  preparedByConfig.set(config, loading);
  return loading;
}
