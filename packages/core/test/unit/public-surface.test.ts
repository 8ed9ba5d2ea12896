import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SOURCE = join(import.meta.dirname, "../../src");

/** The runtime exports of `@durable-lambda/core`: the official SDK's API plus our additions. */
const ROOT_EXPORTS = [
  "refreshLogConfig",
  "createFileSystemSerdes",
  "buildPreview",
  "SDK_VERSION",
  "PreviewMode",
  "FileSystemSerdesMode",
  "FileSystemPathEncoding",
  "FieldMatchMode",
  "DurableExecutionInvocationInputWithClient",
  "DurableExecutionApiClient",
  "AbandonedOperationError",
  "AttemptEndInfoOutcome",
  "BatchCompletionError",
  "BatchItemStatus",
  "CallbackError",
  "CallbackExternalError",
  "CallbackSubmitterError",
  "CallbackTimeoutError",
  "CheckpointSetupError",
  "CheckpointUnrecoverableError",
  "CheckpointUnrecoverableExecutionError",
  "CheckpointUnrecoverableInvocationError",
  "ChildContextError",
  "CompletionOutcome",
  "ContextUsageError",
  "DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION",
  "DurableConfigurationError",
  "DurableExecutionClientError",
  "DurableExecutionClientErrorScope",
  "DurableLogLevel",
  "DurableOperationError",
  "DurablePromise",
  "InvalidDurableEventError",
  "InvocationStatus",
  "InvocationSuspendedError",
  "InvokeError",
  "JitterStrategy",
  "LambdaApiClient",
  "LambdaApiError",
  "NestingType",
  "NonDeterministicExecutionError",
  "OperationAction",
  "OperationStatus",
  "OperationSubType",
  "OperationType",
  "PluginInvocationStatus",
  "PluginLoadError",
  "PluginOperationStatus",
  "PromiseCombinatorError",
  "RedriveError",
  "RedriveFailure",
  "SerdesDirection",
  "SerdesFailedError",
  "SetupProblem",
  "StepError",
  "StepInterruptedError",
  "StrictSerdesError",
  "StepSemantics",
  "UnrecoverableError",
  "UnrecoverableErrorScope",
  "WaitForConditionError",
  "completeBatch",
  "continueBatch",
  "createClassSerdes",
  "createClassSerdesWithDates",
  "createLinearRetryStrategy",
  "createRetryStrategy",
  "createWaitStrategy",
  "defaultSerdes",
  "isDurableExecutionClientError",
  "isSuspension",
  "isUnrecoverableError",
  "retryPresets",
  "withDurableExecution",
  "withRetry",
];

/** The runtime exports of `@durable-lambda/core/internal`, the front ends' subpath (no semver). */
const INTERNAL_EXPORTS = [
  "CheckpointLimits",
  "DefaultLogger",
  "DurableInvocation",
  "DurableOperationErrorDefaultMessage",
  "INVALID_DURABLE_EVENT_MESSAGE_PREFIX",
  "LINEAR_RETRY_STRATEGY_DEFAULTS",
  "MIN_DELAY_SECONDS",
  "RETRY_STRATEGY_DEFAULTS",
  "REDRIVABLE_STATUSES",
  "REDRIVE_DIVERGENCE_SUBTYPE",
  "RedriveCondition",
  "RedriveLimits",
  "RedriveNaming",
  "WAIT_STRATEGY_DEFAULTS",
  "awsErrorMetadata",
  "checkRedrivable",
  "classifyCheckpointError",
  "createHandlerContext",
  "describeAwsErrorMetadata",
  "diagnoseSetupProblem",
  "durationToSeconds",
  "errorObjectFromError",
  "executionStartTime",
  "hashOperationId",
  "isLambdaDurableContext",
  "nextRedriveName",
  "parseDurableExecutionArn",
  "passThroughSerdes",
  "reconstructError",
  "redriveExecutionName",
  "redriveLineageOf",
  "redriveSourceName",
  "validateExecutionConfig",
];

/** Every `export class X extends …Error` (an error class or a subclass of one) declared in `dir`, recursively. */
function declaredErrorClasses(dir: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const match of text.matchAll(/export (?:abstract )?class (\w+) extends (\w+)/g)) {
      if (/Error$/.test(match[2] ?? "")) names.push(match[1] as string);
    }
  }
  return names.sort();
}

describe("the public surface of @durable-lambda/core", () => {
  it("exports exactly the listed names from the package root", async () => {
    const root = await import("@durable-lambda/core");

    expect(Object.keys(root).sort()).toEqual([...ROOT_EXPORTS].sort());
  });

  it("exports exactly the listed names from @durable-lambda/core/internal", async () => {
    const internal = await import("@durable-lambda/core/internal");

    expect(Object.keys(internal).sort()).toEqual([...INTERNAL_EXPORTS].sort());
  });

  it("shares one module instance between the root and the internal subpath", async () => {
    const root = await import("@durable-lambda/core");
    const internal = await import("@durable-lambda/core/internal");

    expect(
      internal.reconstructError({ ErrorType: "StepError", ErrorMessage: "boom" }, "Step failed"),
    ).toBeInstanceOf(root.StepError);
  });

  it("exports every error class the engine declares from the root", async () => {
    const root: Record<string, unknown> = await import("@durable-lambda/core");
    const declared = declaredErrorClasses(SOURCE);

    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((name) => typeof root[name] !== "function")).toEqual([]);
  });

  it("names every export in src/index.ts and src/internal.ts (no export *)", () => {
    for (const file of ["index.ts", "internal.ts"]) {
      const text = readFileSync(join(SOURCE, file), "utf8");

      expect(text).not.toMatch(/export \*/);
    }
  });
});

describe("the runtime exports next to the official SDK's", () => {
  it("include every runtime export of @aws/durable-execution-sdk-js", async () => {
    const root: Record<string, unknown> = await import("@durable-lambda/core");
    const official: Record<string, unknown> = await import("@aws/durable-execution-sdk-js");

    expect(Object.keys(official).filter((name) => !(name in root))).toEqual([]);
  });
});
