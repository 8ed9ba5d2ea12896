import { PluginLoadError } from "../plugin-load-error.js";

/** The environment variable listing plugin modules to load (comma-separated module specifiers). */
export const PLUGIN_ENVIRONMENT_VARIABLE = "DURABLE_EXECUTION_PLUGINS" as const;
/** The environment a Lambda function sees (`process.env`, or a stand-in in tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

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
