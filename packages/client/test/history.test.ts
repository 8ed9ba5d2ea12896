import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, type LocalSetup, startLocal } from "./support/local-service.js";

describe("history", () => {
  let local: LocalSetup;
  let executionArn: string;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(async (_event, context) => {
        for (let index = 1; index <= 6; index++) await context.step(`step-${index}`, async () => index);
        return "done";
      }, config),
    );
    executionArn = (await local.runner.run({ input: { secret: "s3" } })).executionArn;
  });
  afterAll(() => local.close());

  it("follows Marker pages until the last event", async () => {
    const all = await collect(local.executions.history(executionArn));
    const paged = await collect(local.executions.history(executionArn, { pageSize: 2 }));

    expect(paged.map((event) => event.EventId)).toEqual(all.map((event) => event.EventId));
    expect(all.map((event) => event.EventType)).toContain("ExecutionSucceeded");
    expect(all.filter((event) => event.EventType === "StepSucceeded")).toHaveLength(6);
    const requests = local.runner.service.requests.filter((request) => request.api === "getHistory");
    expect(requests.length).toBeGreaterThanOrEqual(Math.ceil(all.length / 2));
  });

  it("leaves execution data out unless asked", async () => {
    const [started] = await collect(local.executions.history(executionArn, { pageSize: 1 }));
    const [withData] = await collect(
      local.executions.history(executionArn, { includeData: true, pageSize: 1 }),
    );

    expect(started?.ExecutionStartedDetails?.Input?.Payload).toBeUndefined();
    expect(withData?.ExecutionStartedDetails?.Input?.Payload).toBe('{"secret":"s3"}');
  });

  it("reads newest first with reverseOrder", async () => {
    const events = await collect(local.executions.history(executionArn, { reverseOrder: true, pageSize: 3 }));

    expect(events[0]?.EventType).toBe("ExecutionSucceeded");
    expect(events.at(-1)?.EventType).toBe("ExecutionStarted");
  });

  it("stops asking for pages when the caller stops iterating", async () => {
    local.runner.service.clearRequests();
    for await (const event of local.executions.history(executionArn, { pageSize: 2 })) {
      expect(event.EventType).toBe("ExecutionStarted");
      break;
    }
    expect(local.runner.service.requests.filter((request) => request.api === "getHistory")).toHaveLength(1);
  });
});
