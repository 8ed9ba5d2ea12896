import {
  checkRedrivable,
  nextRedriveName,
  parseDurableExecutionArn,
  RedriveCondition,
  RedriveLimits,
  redriveExecutionName,
  redriveLineageOf,
  redriveSourceName,
} from "@durable-lambda/core/internal";
import { describe, expect, it } from "vitest";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("redrive names", () => {
  it("read a name as a link of its chain", () => {
    expect(redriveLineageOf("order-42")).toEqual({ originalName: "order-42", redriveCount: 0 });
    expect(redriveLineageOf("order-42--redrive-1")).toEqual({ originalName: "order-42", redriveCount: 1 });
    expect(redriveLineageOf("a--redrive-1--redrive-12")).toEqual({
      originalName: "a--redrive-1",
      redriveCount: 12,
    });
    expect(redriveLineageOf("order--redrive-0")).toEqual({
      originalName: "order--redrive-0",
      redriveCount: 0,
    });
  });

  it("name the next link and the previous one", () => {
    expect(nextRedriveName("order-42")).toBe("order-42--redrive-1");
    expect(nextRedriveName("order-42--redrive-1")).toBe("order-42--redrive-2");
    expect(redriveSourceName("order-42--redrive-2")).toBe("order-42--redrive-1");
    expect(redriveSourceName("order-42--redrive-1")).toBe("order-42");
    expect(redriveSourceName("order-42")).toBeUndefined();
    expect(redriveExecutionName("order-42", 0)).toBe("order-42");
  });

  it("refuse a next name longer than 64 characters", () => {
    expect(nextRedriveName("x".repeat(53))).toHaveLength(64);
    expect(nextRedriveName("x".repeat(54))).toBeUndefined();
  });
});

describe("durable execution ARNs", () => {
  it("split into function, qualifier, name and id", () => {
    const arn =
      "arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST/durable-execution/order-42/6f1c-9";

    expect(parseDurableExecutionArn(arn)).toEqual({
      functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST",
      functionName: "orders",
      qualifier: "$LATEST",
      executionName: "order-42",
      executionId: "6f1c-9",
    });
    expect(
      parseDurableExecutionArn("arn:aws:lambda:eu-west-1:1:function:orders/durable-execution/a/b")?.qualifier,
    ).toBeUndefined();
    expect(parseDurableExecutionArn("order-42")).toBeUndefined();
  });
});

describe("redrive conditions", () => {
  const now = Date.UTC(2026, 0, 31);
  const failed = {
    executionName: "order-1",
    status: "FAILED",
    endDate: new Date(now - DAY_MS),
    historyEventCount: 10,
  };

  it("accept FAILED, TIMED_OUT and STOPPED executions that ended within 14 days", () => {
    for (const status of ["FAILED", "TIMED_OUT", "STOPPED"]) {
      expect(checkRedrivable({ ...failed, status }, now)).toEqual({ redrivable: true });
    }
    expect(checkRedrivable({ ...failed, endDate: new Date(now - 14 * DAY_MS) }, now).redrivable).toBe(true);
  });

  it.each([
    [{ status: "RUNNING" }, RedriveCondition.status, "Execution is RUNNING and cannot be redriven"],
    [{ status: "SUCCEEDED" }, RedriveCondition.status, "Execution is SUCCEEDED and cannot be redriven"],
    [
      { endDate: new Date(now - 14 * DAY_MS - 1) },
      RedriveCondition.redrivablePeriod,
      "redrivable period exceeded",
    ],
    [
      { historyEventCount: RedriveLimits.maxSourceHistoryEvents },
      RedriveCondition.historySize,
      "event limit exceeded",
    ],
    [{ redrivenTo: "arn:…/order-1--redrive-1/x" }, RedriveCondition.alreadyRedriven, "already redriven as"],
    [{ executionName: "x".repeat(60) }, RedriveCondition.nameLength, "too long to name its redrive"],
  ])("refuse %j: condition %s", (change, condition, reason) => {
    const check = checkRedrivable({ ...failed, ...change }, now);

    expect(check).toMatchObject({ redrivable: false, condition });
    expect(check.redrivable === false && check.reason).toContain(reason);
  });
});
