import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableExecutions, InvalidClientArgumentError } from "@durable-lambda/client";
import { describe, expect, it } from "vitest";
import { collect } from "./support/local-service.js";

function constructionError(options: unknown): InvalidClientArgumentError {
  try {
    new DurableExecutions(options as never);
  } catch (error) {
    return error as InvalidClientArgumentError;
  }
  throw new Error("expected the constructor to throw");
}

describe("client options", () => {
  it("rejects an unknown option, listing the known ones", () => {
    const error = constructionError({ regoin: "eu-west-1" });

    expect(error).toBeInstanceOf(InvalidClientArgumentError);
    expect(error.argument).toBe("regoin");
    expect(error.message).toBe(
      'Unknown DurableExecutions option "regoin". Known options are: client, endpoint, region, credentials, clock.',
    );
  });

  it("rejects endpoint together with a client, saying where to configure it", () => {
    const error = constructionError({ client: new LambdaClient({}), endpoint: "http://127.0.0.1:1" });

    expect(error.argument).toBe("endpoint");
    expect(error.message).toContain("Configure endpoint on that client instead");
  });

  it.each([
    [{ endpoint: "not a url" }, "endpoint", /must be a URL/],
    [{ region: 3 }, "region", /non-empty string/],
    [{ client: {} }, "client", /LambdaClient/],
    [{ credentials: { accessKeyId: "a" } }, "credentials", /secretAccessKey/],
    [{ clock: Date.now }, "clock", /now\(\) method/],
    ["eu-west-1", "options", /must be an object/],
  ])("rejects %j naming the %s option", (options, argument, message) => {
    const error = constructionError(options);

    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
  });
});

describe("method options", () => {
  const executions = new DurableExecutions({ endpoint: "http://127.0.0.1:9", region: "us-east-1" });

  it("rejects unknown keys before sending anything", async () => {
    await expect(executions.start("orders", {}, { nmae: "x" } as never)).rejects.toThrow(
      'start: unknown option "nmae". Known options are: name, qualifier, wait.',
    );
    await expect(collect(executions.list("orders", { status: ["FAILED"] } as never))).rejects.toThrow(
      /list: unknown option "status"\. Known options are: qualifier, name, statuses/,
    );
    expect(() => executions.history("arn", { data: true } as never)).toThrow(
      /history: unknown option "data"/,
    );
  });

  it("rejects an empty function name or ARN", async () => {
    await expect(executions.describe("")).rejects.toThrow(
      "describe: executionArn must be a non-empty string",
    );
    await expect(executions.start(undefined as never)).rejects.toThrow(InvalidClientArgumentError);
  });

  it("rejects a clientToken longer than 64 characters", async () => {
    await expect(executions.redrive("arn", { clientToken: "x".repeat(65) })).rejects.toThrow(
      /clientToken must be a string of 1 to 64 characters/,
    );
  });
});
