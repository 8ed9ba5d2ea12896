import { PluginLoadError } from "../plugin-load-error.js";
import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
} from "../types.js";
import { isRecord, messageOf } from "./import-plugin-module.js";

/** The export a plugin module must provide. */
export const PLUGIN_PROVIDER_EXPORT = "durableExecutionPluginProvider" as const;

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

/**
 * The plugin a loaded module provides: its `durableExecutionPluginProvider` export (named, or on
 * the default export) is checked and its `createPlugin()` called.
 *
 * @throws {@link PluginLoadError} naming the module and what is wrong with its provider.
 */
export function pluginFromModule(specifier: string, namespace: unknown): DurableInstrumentationPlugin {
  return createFromProvider(specifier, providerOf(specifier, namespace));
}
