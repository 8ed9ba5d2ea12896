import type { CustomerFn, DurableInstrumentationPlugin } from "./types.js";

/** Hooks that observe: awaited, every plugin concurrently, errors swallowed. */
export type ObservingHook =
  | "onInvocationStart"
  | "onInvocationEnd"
  | "onOperationStart"
  | "onOperationEnd"
  | "onOperationAttemptStart"
  | "onOperationAttemptEnd"
  | "onOperationChange";

/** Hooks that surround user code: chained, the first plugin outermost. */
export type WrappingHook = "wrapInvocation" | "wrapChildContextFn" | "wrapOperationAttemptFn";

export type HookInfo<Hook extends ObservingHook | WrappingHook> = Parameters<
  NonNullable<DurableInstrumentationPlugin[Hook]>
>[0];

/** Keys a plugin adds to log records. */
export type LogEnrichment = Record<string, string | number | boolean>;

type AnyHook = (this: DurableInstrumentationPlugin, info: unknown, fn?: CustomerFn) => unknown;

function ignore(): void {}

function hookOf(
  plugin: DurableInstrumentationPlugin,
  hook: ObservingHook | WrappingHook,
): AnyHook | undefined {
  const method = (plugin as Record<string, unknown>)[hook];
  return typeof method === "function" ? (method as AnyHook) : undefined;
}

async function callObserver(
  plugin: DurableInstrumentationPlugin,
  method: AnyHook | undefined,
  info: unknown,
): Promise<void> {
  const result: unknown = method?.call(plugin, info);
  if (typeof (result as PromiseLike<unknown> | undefined)?.then === "function") await result;
}

function rethrow(error: unknown): never {
  throw error;
}

function pass<T>(value: T): T {
  return value;
}

/**
 * One layer of a wrap chain, or the user's function at its core. It runs at most once: a later
 * call returns (or throws) what the first one did, so a wrap that calls `fn` twice gets the cached
 * result and a layer that throws after calling `fn` falls through without running it again.
 */
class OnceCall {
  readonly #body: () => unknown;
  #entered = false;
  #failed = false;
  #value: unknown;
  #error: unknown;

  constructor(body: () => unknown) {
    this.#body = body;
  }

  get entered(): boolean {
    return this.#entered;
  }

  /** Whether `error` is the one this call threw (the user's error, at the core of the chain). */
  threw(error: unknown): boolean {
    return this.#failed && this.#error === error;
  }

  readonly run = (): unknown => {
    if (!this.#entered) {
      this.#entered = true;
      try {
        this.#value = this.#body();
        // The caller awaits the outcome only once every layer settled: mark it handled meanwhile.
        if (this.#value instanceof Promise) this.#value.catch(ignore);
      } catch (error) {
        this.#failed = true;
        this.#error = error;
      }
    }
    if (this.#failed) throw this.#error;
    return this.#value;
  };

  /** The outcome as a promise: the returned value (awaited) or the thrown error. */
  outcome(): Promise<unknown> {
    return this.#failed ? Promise.reject(this.#error) : Promise.resolve(this.#value);
  }
}

/**
 * Dispatches hooks to a list of plugins so that no plugin can change an execution's outcome or
 * block another plugin, as the official SDK's plugin API promises:
 * - observing hooks run on every plugin concurrently and are awaited together; their errors,
 *   synchronous or not, are swallowed;
 * - wrap hooks are chained in array order (the first plugin is the outermost layer). A layer that
 *   throws falls through to the next one; `fn` runs at most once; what a wrap returns is ignored:
 *   the caller always gets what the user's function returned or threw, once every layer settled.
 *   A wrap that never calls `fn` does not stop it: `fn` then runs when that wrap settles.
 *
 * @example
 * ```ts
 * const runner = PluginRunner.create(plugins);
 * await runner?.notify("onOperationStart", info);
 * const value = runner === undefined ? fn() : await runner.wrap("wrapOperationAttemptFn", attemptInfo, fn);
 * ```
 */
export class PluginRunner {
  readonly #plugins: readonly DurableInstrumentationPlugin[];

  private constructor(plugins: readonly DurableInstrumentationPlugin[]) {
    this.#plugins = plugins;
  }

  /** A runner for `plugins`, or `undefined` when there are none (hook sites then do nothing). */
  static create(plugins: readonly DurableInstrumentationPlugin[]): PluginRunner | undefined {
    return plugins.length === 0 ? undefined : new PluginRunner([...plugins]);
  }

  /** Whether some plugin implements `hook` (lets callers skip building info nobody reads). */
  has(hook: ObservingHook | WrappingHook | "enrichLogContext"): boolean {
    for (const plugin of this.#plugins)
      if (typeof (plugin as Record<string, unknown>)[hook] === "function") return true;
    return false;
  }

  /**
   * Calls `hook` on every plugin that has it, concurrently; settles with `info` when all have
   * settled. Never rejects. Every plugin counts, with the hook or without, so the call takes the
   * official SDK's microtask turns.
   */
  async notify<Hook extends ObservingHook, Info extends HookInfo<Hook>>(
    hook: Hook,
    info: Info,
  ): Promise<Info> {
    await Promise.allSettled(this.#plugins.map((plugin) => callObserver(plugin, hookOf(plugin, hook), info)));
    return info;
  }

  /**
   * Runs `fn` through every plugin's `hook`. Resolves with what `fn` returned (awaited) and rejects
   * with what it threw, after every layer that was entered has settled.
   */
  wrap<Hook extends WrappingHook>(hook: Hook, info: HookInfo<Hook>, fn: CustomerFn): Promise<unknown> {
    if (!this.has(hook)) {
      // No plugin wraps this: the function's outcome, two turns later, as the official SDK's runner
      // passes it through two promises (see settle-turns.ts).
      let result: unknown;
      try {
        result = fn();
      } catch (error) {
        return Promise.reject(error);
      }
      const outcome = result as Promise<unknown> | undefined;
      return typeof outcome?.catch === "function"
        ? outcome.catch(rethrow).then(pass)
        : Promise.resolve(result);
    }
    return this.#chain(hook, info, fn);
  }

  async #chain<Hook extends WrappingHook>(
    hook: Hook,
    info: HookInfo<Hook>,
    fn: CustomerFn,
  ): Promise<unknown> {
    const core = new OnceCall(fn);
    // calls[0] is the user's function, the last entry the outermost layer.
    const calls: OnceCall[] = [core];
    for (let index = this.#plugins.length - 1; index >= 0; index--) {
      const plugin = this.#plugins[index] as DurableInstrumentationPlugin;
      const method = hookOf(plugin, hook);
      if (method === undefined) continue;
      const inner = calls[calls.length - 1] as OnceCall;
      calls.push(
        new OnceCall(() => {
          try {
            return method.call(plugin, info, inner.run);
          } catch (error) {
            if (core.threw(error)) throw error;
            return inner.run();
          }
        }),
      );
    }
    // Enter the chain from the outside; a layer that settles without reaching `fn` (it threw
    // asynchronously, or forgot to call it) hands over to the next layer inwards.
    for (let index = calls.length - 1; index >= 0 && !core.entered; index--) {
      const call = calls[index] as OnceCall;
      if (call.entered) continue;
      try {
        await call.run();
      } catch {
        // A plugin's error, or the user's, which `core.outcome()` reports below.
      }
    }
    return core.outcome();
  }

  /** The keys every plugin adds to log records, merged in plugin order; failing plugins add nothing. */
  enrichLogContext(): LogEnrichment | undefined {
    let merged: LogEnrichment | undefined;
    for (const plugin of this.#plugins) {
      if (typeof plugin.enrichLogContext !== "function") continue;
      try {
        const keys = plugin.enrichLogContext();
        if (keys !== undefined && keys !== null && typeof keys === "object")
          merged = Object.assign(merged ?? {}, keys);
      } catch {
        // A plugin must never break logging.
      }
    }
    return merged;
  }
}
