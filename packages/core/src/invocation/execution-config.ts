import { LambdaApiClient } from "../client/lambda-api-client.js";
import { DurableConfigurationError } from "../errors/index.js";
import { KnownOptions, rejectUnknownOptions } from "../options/known-options.js";
import type { DurableExecutionClient, DurableExecutionConfig } from "../types/core.js";

/** The options that take true or false, with what to add to the message when one does not. */
const BOOLEAN_OPTIONS = [
  ["redrive", " Use redrive: true to accept redrives."],
  ["deferredCheckpoints", ""],
  ["strictSerdes", ""],
] as const satisfies readonly (readonly [keyof DurableExecutionConfig, string])[];

/**
 * Checks options once, when the handler is wrapped, so a misconfiguration fails at start-up with a
 * clear message instead of on every invocation.
 */
export function validateExecutionConfig(config: DurableExecutionConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new DurableConfigurationError("The durable execution config must be an object, for example {}.");
  }
  rejectUnknownOptions("withDurableExecution() serdes", config.serdes, KnownOptions.serdes);
  if (config.client !== undefined && config.durableExecutionClient !== undefined) {
    throw new DurableConfigurationError(
      "Both `client` and `durableExecutionClient` are set. Pass `client` (a LambdaClient) to configure the " +
        "default transport, or `durableExecutionClient` to replace it, not both; to use your LambdaClient as " +
        "a transport, pass `durableExecutionClient: new DurableExecutionApiClient(client)`.",
    );
  }
  const transport = config.durableExecutionClient;
  if (
    transport !== undefined &&
    (typeof transport.checkpoint !== "function" || typeof transport.getExecutionState !== "function")
  ) {
    throw new DurableConfigurationError(
      "`durableExecutionClient` must have `checkpoint(params)` and `getExecutionState(params)` methods.",
    );
  }
  if (config.client !== undefined && typeof config.client.send !== "function") {
    throw new DurableConfigurationError("`client` must be a LambdaClient from @aws-sdk/client-lambda.");
  }
  for (const [option, hint] of BOOLEAN_OPTIONS) {
    const value = config[option];
    if (value !== undefined && typeof value !== "boolean") {
      throw new DurableConfigurationError(
        `\`${option}\` must be true or false, got ${JSON.stringify(value)}.${hint}`,
        { option },
      );
    }
  }
  const { pluginsConfig } = config;
  if (pluginsConfig !== undefined && (typeof pluginsConfig !== "object" || pluginsConfig === null)) {
    throw new DurableConfigurationError(
      `\`pluginsConfig\` must be an object, for example { childOperationsDepth: 1 }; got ${JSON.stringify(pluginsConfig)}.`,
      { option: "pluginsConfig" },
    );
  }
  rejectUnknownOptions("withDurableExecution() pluginsConfig", pluginsConfig, KnownOptions.pluginsConfig);
  const plugins = config.plugins;
  if (
    plugins !== undefined &&
    (!Array.isArray(plugins) || plugins.some((plugin) => typeof plugin !== "object" || plugin === null))
  ) {
    throw new DurableConfigurationError(
      "`plugins` must be an array of plugin objects, for example [new TracingPlugin()].",
      { option: "plugins" },
    );
  }
}

/** The transport of an invocation: the one the event embeds, the configured one, or the Lambda API. */
export function chooseClient(
  embedded: DurableExecutionClient | undefined,
  config: DurableExecutionConfig,
): DurableExecutionClient {
  return embedded ?? config.durableExecutionClient ?? new LambdaApiClient(config.client);
}
