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

/**
 * The runner of `explicit` plugins followed by one per module named in `DURABLE_EXECUTION_PLUGINS`,
 * in the listed order. Only a function with plugins loads this module.
 *
 * @example
 * ```ts
 * const runner = await loadPluginRunner(config.plugins ?? [], process.env);
 * ```
 */
export async function loadPluginRunner(
  explicit: readonly DurableInstrumentationPlugin[],
  environment: Environment,
): Promise<PluginRunner | undefined> {
  const loaded = await loadFromEnvironment(pluginSpecifiers(environment), environment);
  return PluginRunner.create([...explicit, ...loaded]);
}
