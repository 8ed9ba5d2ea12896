import { DurableConfigurationError } from "../errors/engine-errors.js";
import type { FileSystemSerdesConfig } from "../serdes/file-system-serdes.js";
import type { PreviewConfig, PreviewField } from "../serdes/preview.js";
import type { CompletionConfig, MapConfig, ParallelConfig } from "../types/batch.js";
import type { CreateCallbackConfig, WaitForCallbackConfig } from "../types/callback.js";
import type { ChildConfig } from "../types/child-context.js";
import type { DurableExecutionConfig, PluginsConfig } from "../types/core.js";
import type { InvokeConfig } from "../types/invoke.js";
import type { DurableLogger, LoggerConfig } from "../types/logger.js";
import type { SerdesConfig } from "../types/serdes.js";
import type { StepConfig } from "../types/step.js";
import type { WaitForConditionConfig } from "../types/wait-condition.js";

/**
 * Lists every key of `T`, checked at compile time: a key missing from the list (an option added
 * to the type and forgotten here) is a type error, so the lists cannot drift from the types.
 */
function keysOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    ...keys: K &
      ([Exclude<keyof T, K[number]>] extends [never] ? unknown : "every option of the type must be listed")
  ): readonly string[] => keys;
}

type CompletionKeys = keyof (CompletionConfig & { shouldComplete?: unknown });

/** The options each options object of the engine accepts. */
export const KnownOptions = {
  withDurableExecution: keysOf<DurableExecutionConfig>()(
    "client",
    "durableExecutionClient",
    "logger",
    "serdes",
    "plugins",
    "redrive",
    "deferredCheckpoints",
    "strictSerdes",
    "pluginsConfig",
  ),
  pluginsConfig: keysOf<PluginsConfig>()("childOperationsDepth"),
  serdes: keysOf<SerdesConfig>()("defaultSerdes", "defaultCallbackDeserializer"),
  logger: keysOf<LoggerConfig<DurableLogger>>()("customLogger", "modeAware"),
  step: keysOf<StepConfig<unknown>>()("retryStrategy", "semantics", "serdes", "deferCheckpoint"),
  runInChildContext: keysOf<ChildConfig<unknown>>()(
    "serdes",
    "subType",
    "summaryGenerator",
    "errorMapper",
    "virtualContext",
  ),
  map: keysOf<MapConfig<unknown, unknown>>()(
    "maxConcurrency",
    "itemNamer",
    "serdes",
    "itemSerdes",
    "completionConfig",
    "summaryGenerator",
    "nesting",
  ),
  parallel: keysOf<ParallelConfig<unknown>>()(
    "maxConcurrency",
    "serdes",
    "itemSerdes",
    "completionConfig",
    "summaryGenerator",
    "nesting",
  ),
  completionConfig: keysOf<Record<CompletionKeys, unknown>>()(
    "minSuccessful",
    "toleratedFailureCount",
    "toleratedFailurePercentage",
    "shouldComplete",
  ),
  waitForCondition: keysOf<WaitForConditionConfig<unknown>>()("waitStrategy", "initialState", "serdes"),
  createCallback: keysOf<CreateCallbackConfig<unknown>>()("timeout", "heartbeatTimeout", "serdes"),
  waitForCallback: keysOf<WaitForCallbackConfig<unknown>>()(
    "timeout",
    "heartbeatTimeout",
    "retryStrategy",
    "serdes",
  ),
  invoke: keysOf<InvokeConfig<unknown, unknown>>()("payloadSerdes", "resultSerdes", "tenantId"),
  preview: keysOf<PreviewConfig>()("mode", "include", "exclude", "mask", "maskString", "maxPreviewBytes"),
  previewField: keysOf<PreviewField>()("name", "match"),
  fileSystemSerdes: keysOf<FileSystemSerdesConfig>()("storageMode", "pathEncoding", "generatePreview"),
} as const;

/**
 * Rejects an options object holding a key its owner does not know (a typo such as `plugin` for
 * `plugins`), so a misspelt option fails at once instead of being silently ignored. Walks the keys
 * without allocating: it runs on every operation call that passes options.
 *
 * @param owner - What the options configure, as the user wrote it (`context.step()`).
 * @param options - The object the caller passed; anything that is not a plain object is left to
 * the owner's own checks.
 * @throws DurableConfigurationError naming the unknown key and listing the known ones.
 *
 * @example
 * ```ts
 * rejectUnknownOptions("context.step()", { retry: 3 }, KnownOptions.step);
 * // DurableConfigurationError: context.step() got an unknown option "retry". Known options: retryStrategy, …
 * ```
 */
export function rejectUnknownOptions(owner: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return;
  for (const key in options) {
    if (!Object.hasOwn(options, key) || known.includes(key)) continue;
    throw new DurableConfigurationError(
      `${owner} got an unknown option "${key}". Known options: ${known.join(", ")}. ` +
        "Check the spelling (option names are case-sensitive) or remove it.",
      { option: key },
    );
  }
}

/**
 * Rejects an option whose value is not one of `allowed` (an `undefined` value is left to the
 * defaults), naming the option and the values it takes.
 *
 * @throws DurableConfigurationError naming the option, the allowed values and the value given.
 *
 * @example
 * ```ts
 * rejectInvalidChoice("createFileSystemSerdes()", "storageMode", "SOMETIMES", FileSystemSerdesMode);
 * // DurableConfigurationError: createFileSystemSerdes() option "storageMode" must be one of ALWAYS, OVERFLOW; got "SOMETIMES".
 * ```
 */
export function rejectInvalidChoice(
  owner: string,
  option: string,
  value: unknown,
  allowed: Record<string, string>,
): void {
  const values = Object.values(allowed);
  if (value === undefined || values.includes(value as string)) return;
  throw new DurableConfigurationError(
    `${owner} option "${option}" must be one of ${values.join(", ")}; got ${JSON.stringify(value)}.`,
    { option },
  );
}
