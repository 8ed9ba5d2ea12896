import type {
  DurableExecutionClient,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
} from "@durable-lambda/core";
import type { Context } from "aws-lambda";

/**
 * The two engines under comparison. Both are loaded by package name, exactly as a user's function
 * would load them, so the benchmarks measure the published entry points (`dist/`), not sources.
 */
export const Engines = {
  ours: { id: "ours", packageName: "@durable-lambda/core" },
  official: { id: "official", packageName: "@aws/durable-execution-sdk-js" },
} as const;
export type EngineId = keyof typeof Engines;
export const ENGINE_IDS: readonly EngineId[] = ["ours", "official"];

/**
 * The slice of `DurableContext` the workloads use. Both engines implement it with the same method
 * names and overloads (our engine is a drop-in for the official one), so one handler runs on both.
 */
export interface BenchContext {
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  wait(name: string, duration: { seconds: number }): Promise<void>;
  runInChildContext<T>(name: string, fn: (child: BenchContext) => Promise<T>): Promise<T>;
}

export type BenchHandler = (event: unknown, context: BenchContext) => Promise<unknown>;

export type DurableLambda = (
  event: DurableExecutionInvocationInput,
  context: Context,
) => Promise<DurableExecutionInvocationOutput>;

/** What the benchmarks need from an engine module. */
export interface Engine {
  id: EngineId;
  packageName: string;
  /** `options` are extra engine options (only our engine has any the benchmarks use). */
  wrap(
    handler: BenchHandler,
    client: DurableExecutionClient,
    options?: Record<string, unknown>,
  ): DurableLambda;
}

interface EngineModule {
  withDurableExecution(
    handler: BenchHandler,
    config: { durableExecutionClient: DurableExecutionClient } & Record<string, unknown>,
  ): DurableLambda;
}

/**
 * Imports an engine's public entry point. The official SDK types its statuses as TypeScript enums,
 * which are the same strings on the wire; the structural cast keeps both behind one signature.
 */
export async function loadEngine(id: EngineId): Promise<Engine> {
  const { packageName } = Engines[id];
  const module = (await import(packageName)) as EngineModule;
  if (typeof module.withDurableExecution !== "function") {
    throw new TypeError(`${packageName} does not export withDurableExecution; is the package built?`);
  }
  return {
    id,
    packageName,
    wrap: (handler, client, options) =>
      module.withDurableExecution(handler, { ...options, durableExecutionClient: client }),
  };
}

export function isEngineId(value: unknown): value is EngineId {
  return value === "ours" || value === "official";
}
