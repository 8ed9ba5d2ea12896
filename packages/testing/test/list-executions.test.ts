import {
  type Execution,
  InvalidParameterValueException,
  ListDurableExecutionsByFunctionCommand,
  type ListDurableExecutionsByFunctionCommandInput,
  paginateListDurableExecutionsByFunction,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ListDurableExecutionsByFunctionResponse,
  type LocalDurableServer,
  startLocalDurableServer,
} from "../src/index.js";
import { newService, T0 } from "./support/harness.js";
import { clientFor } from "./support/http.js";

const HOUR_MS = 60 * 60 * 1000;

/** orders: a (SUCCEEDED, T0), b (STOPPED, T0+1h), c (RUNNING, version 2, T0+2h), d (RUNNING, T0+3h); billing: x. */
async function fixture() {
  const service = newService();
  service.registerFunction("orders", { durable: true, run: async () => undefined });
  service.registerFunction("empty", { durable: true, run: async () => undefined });
  const a = service.startExecution({ functionName: "orders", executionName: "a" });
  service.startInvocation(a);
  service.completeInvocation(a, { Status: "SUCCEEDED", Result: '"done"' });
  service.startExecution({ functionName: "billing", executionName: "x" });
  service.clock.advanceBy(HOUR_MS);
  const b = service.startExecution({ functionName: "orders", executionName: "b" });
  await service.stopDurableExecution({ DurableExecutionArn: b });
  service.clock.advanceBy(HOUR_MS);
  service.startExecution({ functionName: "orders", executionName: "c", version: "2" });
  service.clock.advanceBy(HOUR_MS);
  service.startExecution({ functionName: "orders", executionName: "d" });
  return service;
}

type Lister = (
  request: ListDurableExecutionsByFunctionCommandInput,
) => Promise<ListDurableExecutionsByFunctionResponse>;

const names = (response: { DurableExecutions?: Execution[] }) =>
  (response.DurableExecutions ?? []).map((execution) => execution.DurableExecutionName);

const transports: Array<
  [
    string,
    (service: Awaited<ReturnType<typeof fixture>>) => Promise<{ list: Lister; close(): Promise<void> }>,
  ]
> = [
  [
    "in process",
    async (service) => ({
      list: (request) => service.listDurableExecutionsByFunction(request),
      close: async () => undefined,
    }),
  ],
  [
    "over HTTP with the real LambdaClient",
    async (service) => {
      const server: LocalDurableServer = await startLocalDurableServer({ service });
      const client = clientFor(server.endpoint);
      return {
        list: async (request) => {
          const response = await client.send(new ListDurableExecutionsByFunctionCommand(request));
          return {
            DurableExecutions: response.DurableExecutions ?? [],
            ...(response.NextMarker === undefined ? {} : { NextMarker: response.NextMarker }),
          };
        },
        close: () => server.close(),
      };
    },
  ],
];

describe.each(transports)("ListDurableExecutionsByFunction %s", (_label, connect) => {
  let list: Lister;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ list, close } = await connect(await fixture()));
  });
  afterAll(async () => {
    await close();
  });

  it("lists a function's executions oldest first, with their summary", async () => {
    const response = await list({ FunctionName: "orders" });
    expect(names(response)).toEqual(["a", "b", "c", "d"]);
    expect(response.NextMarker).toBeUndefined();
    const [first] = response.DurableExecutions;
    expect(first).toMatchObject({
      DurableExecutionName: "a",
      Status: "SUCCEEDED",
      FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST",
    });
    // The virtual clock also moves with real time: a few ms after T0.
    expect(first?.StartTimestamp?.getTime()).toBeGreaterThanOrEqual(T0);
    expect(first?.StartTimestamp?.getTime()).toBeLessThan(T0 + HOUR_MS / 2);
    expect(first?.EndTimestamp?.getTime()).toBeGreaterThanOrEqual(first?.StartTimestamp?.getTime() as number);
    expect(response.DurableExecutions[3]?.EndTimestamp).toBeUndefined();
    expect(first?.DurableExecutionArn).toMatch(/:function:orders:\$LATEST\/durable-execution\/a\//);
  });

  it("reverses the order", async () => {
    expect(names(await list({ FunctionName: "orders", ReverseOrder: true }))).toEqual(["d", "c", "b", "a"]);
  });

  it("filters by statuses, name, qualifier and start time", async () => {
    expect(names(await list({ FunctionName: "orders", Statuses: ["RUNNING"] }))).toEqual(["c", "d"]);
    expect(names(await list({ FunctionName: "orders", Statuses: ["SUCCEEDED", "STOPPED"] }))).toEqual([
      "a",
      "b",
    ]);
    expect(names(await list({ FunctionName: "orders", DurableExecutionName: "b" }))).toEqual(["b"]);
    expect(names(await list({ FunctionName: "orders", Qualifier: "2" }))).toEqual(["c"]);
    expect(names(await list({ FunctionName: "orders:$LATEST" }))).toEqual(["a", "b", "d"]);
    expect(
      names(
        await list({
          FunctionName: "orders",
          StartedAfter: new Date(T0 + HOUR_MS / 2),
          StartedBefore: new Date(T0 + 2.5 * HOUR_MS),
        }),
      ),
    ).toEqual(["b", "c"]);
    expect(
      names(await list({ FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:orders" })),
    ).toHaveLength(4);
    expect(names(await list({ FunctionName: "empty" }))).toEqual([]);
  });

  it("pages with MaxItems and Marker, in both orders", async () => {
    for (const ReverseOrder of [false, true]) {
      const seen: Array<string | undefined> = [];
      let Marker: string | undefined;
      let pages = 0;
      do {
        const page = await list({
          FunctionName: "orders",
          MaxItems: 3,
          ReverseOrder,
          ...(Marker === undefined ? {} : { Marker }),
        });
        seen.push(...names(page));
        Marker = page.NextMarker;
        pages += 1;
      } while (Marker !== undefined);
      expect(pages).toBe(2);
      expect(seen).toEqual(ReverseOrder ? ["d", "c", "b", "a"] : ["a", "b", "c", "d"]);
    }
    const filtered = await list({ FunctionName: "orders", Statuses: ["RUNNING"], MaxItems: 1 });
    expect(names(filtered)).toEqual(["c"]);
    const next = await list({
      FunctionName: "orders",
      Statuses: ["RUNNING"],
      MaxItems: 1,
      Marker: filtered.NextMarker as string,
    });
    expect(names(next)).toEqual(["d"]);
    expect(next.NextMarker).toBeUndefined();
  });

  it("rejects MaxItems outside 1-1000, an unknown status, a foreign Marker and an unknown function", async () => {
    for (const MaxItems of [0, 1001]) {
      await expect(list({ FunctionName: "orders", MaxItems })).rejects.toMatchObject({
        name: "InvalidParameterValueException",
        message: expect.stringMatching(/MaxItems must be an integer from 1 to 1000/),
      });
    }
    await expect(list({ FunctionName: "orders", Statuses: ["DONE" as never] })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringMatching(/"DONE" is not an execution status/),
    });
    const page = await list({ FunctionName: "orders", MaxItems: 1 });
    await expect(list({ FunctionName: "billing", Marker: page.NextMarker as string })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringMatching(/invalid Marker/),
    });
    await expect(list({ FunctionName: "nope" })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: expect.stringMatching(
        /^Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope/,
      ),
    });
  });
});

describe("ListDurableExecutionsByFunction errors as the AWS SDK sees them", () => {
  it("maps to the SDK's exception classes and works with its paginator", async () => {
    const service = await fixture();
    const server = await startLocalDurableServer({ service });
    try {
      const client = clientFor(server.endpoint);
      const tooMany = await client
        .send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "orders", MaxItems: 1001 }))
        .catch((caught: unknown) => caught);
      expect(tooMany).toBeInstanceOf(InvalidParameterValueException);
      const missing = await client
        .send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "nope" }))
        .catch((caught: unknown) => caught);
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect((missing as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
      const all: Array<string | undefined> = [];
      for await (const page of paginateListDurableExecutionsByFunction(
        { client, pageSize: 1 },
        { FunctionName: "orders" },
      )) {
        all.push(...names(page));
      }
      expect(all).toEqual(["a", "b", "c", "d"]);
    } finally {
      await server.close();
    }
  });
});
