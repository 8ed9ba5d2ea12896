import type { DurableExecutionConfig } from "../../types/core.js";
import { PluginLoadError } from "../plugin-load-error.js";
import { PluginRunner } from "../plugin-runner.js";
import type { DurableInstrumentationPlugin } from "../types.js";
import {
  importPluginModule,
  isRecord,
  MODULE_NOT_FOUND_CODES,
  messageOf,
  PACKAGING_HINT,
} from "./import-plugin-module.js";
import { pluginFromModule } from "./plugin-provider.js";
import { type Environment, PLUGIN_ENVIRONMENT_VARIABLE, pluginSpecifiers } from "./plugin-specifiers.js";

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
    plugins.push(pluginFromModule(specifier, namespace));
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
