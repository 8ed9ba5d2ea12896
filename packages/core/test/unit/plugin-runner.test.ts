import { describe, expect, it } from "vitest";
import { PluginLoadError } from "../../src/errors/index.js";
import { pluginSpecifiers } from "../../src/plugins/loading/plugin-specifiers.js";
import { PluginRunner } from "../../src/plugins/plugin-runner.js";
import type {
  AttemptInfo,
  CustomerFn,
  DurableInstrumentationPlugin,
  OperationInfo,
} from "../../src/plugins/types.js";

const operation: OperationInfo = { id: "op", type: "STEP", isReplay: false };
const attempt: AttemptInfo = { ...operation, attempt: 1 };

function runnerOf(...plugins: DurableInstrumentationPlugin[]): PluginRunner {
  const runner = PluginRunner.create(plugins);
  if (runner === undefined) throw new Error("expected a runner");
  return runner;
}

/** Resolves after a few turns of the event loop, so concurrent work can interleave. */
function later(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A wrap layer that logs around `fn` and returns what it returns. */
function layer(name: string, log: string[]): DurableInstrumentationPlugin {
  return {
    wrapOperationAttemptFn: async (_info: AttemptInfo, fn: CustomerFn) => {
      log.push(`${name} enter`);
      try {
        return await fn();
      } finally {
        log.push(`${name} exit`);
      }
    },
  };
}

describe("PluginRunner.create", () => {
  it("returns no runner for no plugins, so hook sites do nothing", () => {
    expect(PluginRunner.create([])).toBeUndefined();
  });

  it("tells which hooks some plugin implements", () => {
    const runner = runnerOf({ onOperationStart: () => undefined }, {});

    expect(runner.has("onOperationStart")).toBe(true);
    expect(runner.has("wrapInvocation")).toBe(false);
  });
});

describe("observing hooks", () => {
  it("calls every plugin concurrently and settles when all have settled", async () => {
    const log: string[] = [];
    const slow = (name: string): DurableInstrumentationPlugin => ({
      onOperationStart: async () => {
        log.push(`${name} begin`);
        await later();
        log.push(`${name} end`);
      },
    });

    await runnerOf(slow("a"), slow("b")).notify("onOperationStart", operation);

    expect(log).toEqual(["a begin", "b begin", "a end", "b end"]);
  });

  it("swallows synchronous throws and rejections without skipping other plugins", async () => {
    const seen: string[] = [];
    const runner = runnerOf(
      {
        onOperationStart: () => {
          throw new Error("sync");
        },
      },
      { onOperationStart: () => Promise.reject(new Error("async")) },
      { onOperationStart: (info) => void seen.push(info.id) },
    );

    await expect(runner.notify("onOperationStart", operation)).resolves.toBe(operation);
    expect(seen).toEqual(["op"]);
  });
});

describe("wrap hooks", () => {
  it("chains wraps in array order, the first plugin outermost", async () => {
    const log: string[] = [];

    const value = await runnerOf(layer("a", log), layer("b", log)).wrap(
      "wrapOperationAttemptFn",
      attempt,
      () => {
        log.push("fn");
        return 42;
      },
    );

    expect(value).toBe(42);
    expect(log).toEqual(["a enter", "b enter", "fn", "b exit", "a exit"]);
  });

  it("falls through to the next layer when a wrap throws before calling fn", async () => {
    const log: string[] = [];
    const broken: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: () => {
        throw new Error("broken wrap");
      },
    };

    const value = await runnerOf(broken, layer("b", log)).wrap("wrapOperationAttemptFn", attempt, () => "ok");

    expect(value).toBe("ok");
    expect(log).toEqual(["b enter", "b exit"]);
  });

  it("runs fn once when a wrap throws after calling it", async () => {
    let calls = 0;
    const throwsAfter: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: (_info, fn) => {
        fn();
        throw new Error("after fn");
      },
    };

    const value = await runnerOf(throwsAfter).wrap("wrapOperationAttemptFn", attempt, () => ++calls);

    expect(value).toBe(1);
    expect(calls).toBe(1);
  });

  it("hands a wrap that calls fn twice the cached result", async () => {
    let calls = 0;
    const results: unknown[] = [];
    const twice: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: async (_info, fn) => {
        results.push(await fn(), await fn());
        return "ignored";
      },
    };

    const value = await runnerOf(twice).wrap("wrapOperationAttemptFn", attempt, async () => ++calls);

    expect(calls).toBe(1);
    expect(results).toEqual([1, 1]);
    expect(value).toBe(1);
  });

  it("rethrows the user's error even when a wrap swallows it", async () => {
    const swallowing: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: async (_info, fn) => {
        try {
          return await fn();
        } catch {
          return "swallowed";
        }
      },
    };
    const failing = async () => {
      throw new TypeError("user error");
    };

    await expect(runnerOf(swallowing).wrap("wrapOperationAttemptFn", attempt, failing)).rejects.toThrow(
      "user error",
    );
  });

  it("rethrows a synchronous user error without calling the throwing layers again", async () => {
    let entered = 0;
    const passThrough: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: (_info, fn) => {
        entered++;
        return fn();
      },
    };

    const run = runnerOf(passThrough, passThrough).wrap("wrapOperationAttemptFn", attempt, () => {
      throw new RangeError("sync user error");
    });

    await expect(run).rejects.toThrow("sync user error");
    expect(entered).toBe(2);
  });

  it("runs fn when a wrap rejects before calling it, and when a wrap never calls it", async () => {
    const rejecting: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: async () => {
        await later();
        throw new Error("async wrap failure");
      },
    };
    const forgetful: DurableInstrumentationPlugin = { wrapOperationAttemptFn: () => "never called fn" };

    await expect(runnerOf(rejecting).wrap("wrapOperationAttemptFn", attempt, () => "ran")).resolves.toBe(
      "ran",
    );
    await expect(runnerOf(forgetful).wrap("wrapOperationAttemptFn", attempt, () => "ran")).resolves.toBe(
      "ran",
    );
  });

  it("keeps the inner layers when an outer one skips fn", async () => {
    const log: string[] = [];
    const forgetful: DurableInstrumentationPlugin = { wrapOperationAttemptFn: () => undefined };

    await runnerOf(forgetful, layer("inner", log)).wrap("wrapOperationAttemptFn", attempt, () =>
      log.push("fn"),
    );

    expect(log).toEqual(["inner enter", "fn", "inner exit"]);
  });

  it("ignores what a wrap returns: the caller gets fn's result", async () => {
    const replacing: DurableInstrumentationPlugin = {
      wrapOperationAttemptFn: async (_info, fn) => {
        await fn();
        return "replaced";
      },
    };

    await expect(runnerOf(replacing).wrap("wrapOperationAttemptFn", attempt, () => "original")).resolves.toBe(
      "original",
    );
  });
});

describe("enrichLogContext", () => {
  it("merges every plugin's keys in order and skips a plugin that throws", () => {
    const runner = runnerOf(
      { enrichLogContext: () => ({ traceId: "t-1", shared: "first" }) },
      {
        enrichLogContext: () => {
          throw new Error("broken");
        },
      },
      { enrichLogContext: () => ({ shared: "second", sampled: true }) },
      { enrichLogContext: () => undefined },
    );

    expect(runner.enrichLogContext()).toEqual({ traceId: "t-1", shared: "second", sampled: true });
  });
});

describe("DURABLE_EXECUTION_PLUGINS parsing", () => {
  it("is empty when unset or blank", () => {
    expect(pluginSpecifiers({})).toEqual([]);
    expect(pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: "  " })).toEqual([]);
  });

  it("lists trimmed specifiers in order", () => {
    expect(pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: " @acme/otel , ./audit.js" })).toEqual([
      "@acme/otel",
      "./audit.js",
    ]);
  });

  it.each(["a,,b", "a,", ",a", "a, ,b"])("rejects the empty entry in %j", (listed) => {
    expect(() => pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: listed })).toThrow(PluginLoadError);
    expect(() => pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: listed })).toThrow(/empty entry/);
  });

  it("rejects a duplicate specifier, naming it", () => {
    expect(() => pluginSpecifiers({ DURABLE_EXECUTION_PLUGINS: "a,b, a" })).toThrow(/"a" more than once/);
  });
});
