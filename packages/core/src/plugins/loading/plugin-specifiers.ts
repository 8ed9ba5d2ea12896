import { PluginLoadError } from "../plugin-load-error.js";
import { type Environment, PLUGIN_ENVIRONMENT_VARIABLE } from "./prepare-plugins.js";

export { type Environment, PLUGIN_ENVIRONMENT_VARIABLE };

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
