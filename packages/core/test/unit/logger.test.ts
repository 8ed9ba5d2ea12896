import { afterEach, describe, expect, it, vi } from "vitest";
import { DefaultLogger, type DefaultLoggerOptions } from "../../src/logger/index.js";
import type { DurableLogData } from "../../src/types/logger.js";

function createSinks() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    options: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
  };
}

function createLogger(options: DefaultLoggerOptions = {}) {
  const sinks = createSinks();
  const logger = new DefaultLogger({ ...sinks.options, ...options });
  const records = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, ...sinks, outRecords: () => records(sinks.out), errRecords: () => records(sinks.err) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("DefaultLogger output streams", () => {
  it("writes debug and info to stdout, warn and error to stderr, one line each", () => {
    const { logger, out, err } = createLogger();

    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");

    expect(out).toHaveLength(2);
    expect(err).toHaveLength(2);
    expect(
      [...out, ...err].every((line) => line.endsWith("\n") && line.indexOf("\n") === line.length - 1),
    ).toBe(true);
  });

  it("never writes through console", () => {
    const consoleSpy = vi.spyOn(console, "log");
    const { logger } = createLogger();

    logger.info("x");

    expect(consoleSpy).not.toHaveBeenCalled();
    consoleSpy.mockRestore();
  });
});

describe("DefaultLogger record fields", () => {
  it("writes durable data in order, then extra keys, then message", () => {
    const { logger, outRecords, out } = createLogger();
    const data: DurableLogData = {
      custom: "c",
      attempt: 2,
      operationName: "charge",
      operationId: "abc",
      tenantId: "t1",
      executionArn: "arn:exec",
      requestId: "req-1",
    };
    logger.configureDurableLoggingContext({ getDurableLogData: () => data });

    logger.info("hello");

    expect(Object.keys(JSON.parse(out[0] ?? "{}"))).toEqual([
      "timestamp",
      "level",
      "requestId",
      "executionArn",
      "tenantId",
      "operationId",
      "operationName",
      "attempt",
      "custom",
      "message",
    ]);
    expect(outRecords()[0]).toMatchObject({
      level: "INFO",
      requestId: "req-1",
      attempt: 2,
      message: "hello",
    });
    expect(new Date(String(outRecords()[0]?.timestamp)).toISOString()).toBe(outRecords()[0]?.timestamp);
  });

  it("leaves out optional fields that are absent and reads the data per record", () => {
    const { logger, outRecords } = createLogger();
    let operationId: string | undefined;
    logger.configureDurableLoggingContext({
      getDurableLogData: () => ({
        requestId: "r",
        executionArn: "a",
        ...(operationId ? { operationId } : {}),
      }),
    });

    logger.info("root");
    operationId = "op-1";
    logger.info("inside");

    expect(outRecords()[0]).not.toHaveProperty("tenantId");
    expect(outRecords()[0]).not.toHaveProperty("operationId");
    expect(outRecords()[1]?.operationId).toBe("op-1");
  });

  it("logs without durable fields when never configured", () => {
    const { logger, outRecords } = createLogger();

    logger.info("plain");

    expect(Object.keys(outRecords()[0] ?? {})).toEqual(["timestamp", "level", "message"]);
  });
});

describe("DefaultLogger message", () => {
  it("keeps a single object as an object", () => {
    const { logger, outRecords } = createLogger();

    logger.info({ orderId: "o-1", count: 2 });

    expect(outRecords()[0]?.message).toEqual({ orderId: "o-1", count: 2 });
  });

  it("formats several arguments on one line", () => {
    const { logger, outRecords } = createLogger();

    logger.info("order %s shipped", "o-1", { items: [1, 2, 3], nested: { deep: { deeper: true } } });

    expect(outRecords()[0]?.message).toBe(
      "order o-1 shipped { items: [ 1, 2, 3 ], nested: { deep: { deeper: true } } }",
    );
  });

  it("expands a single Error and adds top-level error fields", () => {
    const { logger, errRecords } = createLogger();
    const error = new TypeError("bad input");

    logger.error(error);

    const record = errRecords()[0];
    expect(record?.message).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
    expect(record?.errorType).toBe("TypeError");
    expect(record?.errorMessage).toBe("bad input");
    expect(Array.isArray(record?.stackTrace)).toBe(true);
    expect((record?.stackTrace as string[] | undefined)?.[0]).toBe("TypeError: bad input");
  });

  it("adds error fields when an Error is one of several arguments", () => {
    const { logger, errRecords } = createLogger();

    logger.warn("charge failed", new RangeError("too big"));

    expect(errRecords()[0]?.message).toContain("charge failed");
    expect(errRecords()[0]?.errorType).toBe("RangeError");
  });
});

describe("DefaultLogger never throws", () => {
  it("marks circular references and writes BigInt as a string", () => {
    const { logger, outRecords } = createLogger();
    const circular: Record<string, unknown> = { name: "loop", big: 10n };
    circular.self = circular;
    const shared = { x: 1 };

    logger.info({ circular, a: shared, b: shared });

    expect(outRecords()[0]?.message).toEqual({
      circular: { name: "loop", big: "10", self: "[Circular]" },
      a: { x: 1 },
      b: { x: 1 },
    });
  });

  it("survives a throwing toJSON, a throwing metadata source and a throwing sink", () => {
    const { logger, outRecords } = createLogger();
    const hostile = {
      toJSON() {
        throw new Error("no");
      },
    };

    logger.info(hostile);
    logger.configureDurableLoggingContext({
      getDurableLogData: () => {
        throw new Error("no data");
      },
    });
    logger.info("x");
    const broken = new DefaultLogger({
      stdout: {
        write: () => {
          throw new Error("closed");
        },
      },
    });

    expect(outRecords()).toHaveLength(2);
    expect(String(outRecords()[0]?.message)).toContain("could not be serialized");
    expect(() => broken.info("x")).not.toThrow();
  });
});

describe("DefaultLogger level filter", () => {
  it("reads AWS_LAMBDA_LOG_LEVEL when created", () => {
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "WARN");
    const { logger, out, err } = createLogger();
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "DEBUG");

    logger.debug("d");
    logger.info("i");
    logger.warn("w");

    expect(out).toHaveLength(0);
    expect(err).toHaveLength(1);
  });

  it("defaults to DEBUG, accepts lower case, and FATAL silences everything", () => {
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "");
    const all = createLogger();
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "error");
    const errorsOnly = createLogger();
    const silent = createLogger({ level: "FATAL" });

    all.logger.debug("d");
    errorsOnly.logger.warn("w");
    errorsOnly.logger.error("e");
    silent.logger.error("e");

    expect(all.out).toHaveLength(1);
    expect(errorsOnly.err).toHaveLength(1);
    expect(silent.err).toHaveLength(0);
  });
});

describe("DefaultLogger.log", () => {
  it("dispatches by level and falls back to info", () => {
    const { logger, outRecords, errRecords } = createLogger();

    logger.log("ERROR", "e");
    logger.log("DEBUG", "d");
    logger.log("NOPE", "n");

    expect(errRecords().map((r) => r.level)).toEqual(["ERROR"]);
    expect(outRecords().map((r) => r.level)).toEqual(["DEBUG", "INFO"]);
  });
});
