import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import {
  InMemoryDurableStore,
  LocalDurableRunner,
  LocalDurableService,
  LocalRunnerError,
  startLocalDurableServer,
  VirtualClock,
} from "../src/index.js";

const handler = withDurableExecution(async () => "ok");

describe("options: unknown keys are rejected with the list of known ones", () => {
  it("LocalDurableRunner names a misspelt option and lists the known ones", () => {
    const create = () => new LocalDurableRunner({ handler, skiptime: false } as never);
    expect(create).toThrow(LocalRunnerError);
    expect(create).toThrow(
      /LocalDurableRunner: unknown option "skiptime"\. Known options: handler, functionName, .*skipTime/,
    );
  });

  it("LocalDurableService, the HTTP server and the in-memory store do the same", async () => {
    expect(() => new LocalDurableService({ clok: 1 } as never)).toThrow(
      /LocalDurableService: unknown option "clok"\. Known options: clock, store, region/,
    );
    expect(() => new InMemoryDurableStore({ copy: true } as never)).toThrow(
      /InMemoryDurableStore: unknown option "copy"\. Known options: copyRecords/,
    );
    await expect(
      startLocalDurableServer({ service: new LocalDurableService(), prot: 1 } as never),
    ).rejects.toThrow(/startLocalDurableServer: unknown option "prot"\. Known options: service, host, port/);
  });

  it("the options of calls are checked too: run, waitForOperation, registerFunction, startExecution, startInvocation, injectFault, VirtualClock", async () => {
    const runner = new LocalDurableRunner({ handler });
    await expect(runner.run({ inputs: {} } as never)).rejects.toThrow(
      /run: unknown option "inputs"\. Known options: input, executionName, onOperationUpdate/,
    );
    expect(() => runner.waitForOperation("x", { state: "STARTED" } as never)).toThrow(
      /waitForOperation: unknown option "state"\. Known options: status, index/,
    );
    expect(() => runner.registerFunction("f", async () => 1, { durible: true } as never)).toThrow(
      /registerFunction: unknown option "durible"\. Known options: durable/,
    );
    const service = runner.service;
    expect(() => service.startExecution({ functionName: "f", name: "x" } as never)).toThrow(
      /startExecution: unknown option "name"\. Known options: functionName, input, executionName/,
    );
    const arn = service.startExecution({ functionName: "f" });
    expect(() => service.startInvocation(arn, { requestID: "r" } as never)).toThrow(
      /startInvocation: unknown option "requestID"\. Known options: requestId/,
    );
    expect(() => service.injectFault({ api: "checkpoint", error: "server", time: 2 } as never)).toThrow(
      /injectFault: unknown option "time"\. Known options: api, error, times, afterCalls, persist/,
    );
    expect(() => new VirtualClock({ startAt: 0 } as never)).toThrow(
      /VirtualClock: unknown option "startAt"\. Known options: start/,
    );
  });

  it("lists every unknown key at once", () => {
    expect(() => new LocalDurableRunner({ handler, skiptime: false, retries: 1 } as never)).toThrow(
      /unknown options "skiptime", "retries"/,
    );
  });

  it("still rejects bad values of known options", () => {
    expect(() => new LocalDurableRunner({ handler, callbackGraceMs: -1 })).toThrow(
      /callbackGraceMs must be a non-negative integer; got -1/,
    );
    expect(() => new LocalDurableRunner({ handler, skipTime: "no" as never })).toThrow(
      /skipTime must be true or false/,
    );
  });
});

describe("HTTP server: a port already in use", () => {
  it("says the port is in use and suggests port: 0", async () => {
    const service = new LocalDurableService();
    const first = await startLocalDurableServer({ service });
    try {
      const second = startLocalDurableServer({ service, port: first.port });
      await expect(second).rejects.toThrow(LocalRunnerError);
      await expect(second).rejects.toThrow(
        new RegExp(
          `Cannot listen on 127\\.0\\.0\\.1:${first.port}: the port is already in use.*Pass port: 0`,
        ),
      );
      const runner = new LocalDurableRunner({ handler, transport: "http", port: first.port });
      await expect(runner.run()).rejects.toThrow(/already in use/);
    } finally {
      await first.close();
    }
  });
});
