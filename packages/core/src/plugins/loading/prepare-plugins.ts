import type { DurableExecutionConfig } from "../../types/core.js";
import type { PluginRunner } from "../plugin-runner.js";

/** The environment variable listing plugin modules to load (comma-separated module specifiers). */
export const PLUGIN_ENVIRONMENT_VARIABLE = "DURABLE_EXECUTION_PLUGINS" as const;
/** The environment a Lambda function sees (`process.env`, or a stand-in in tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

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
  // The loading code is a chunk of its own: functions without plugins never load it.
  const loading = import("./load-plugins.js").then(({ loadPluginRunner }) =>
    loadPluginRunner(explicit, environment),
  );
  // Rejections are reported by each invocation; until one awaits it, the promise must not count as unhandled.
  loading.catch(ignore);
  preparedByConfig.set(config, loading);
  return loading;
}
