import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OrderSettingVariables } from "../src/orders/order-handler.js";
import { OrderTimings } from "../src/orders/order-workflow.js";
import { UNAVAILABLE_SKUS_VARIABLE } from "../src/services/warehouse.js";
import { ShippingTimings } from "../src/shipping/shipping-workflow.js";
import {
  type CloudFormationTemplate,
  loadTemplate,
  parseTemplate,
  resourcesOfType,
  type TemplateValue,
} from "../tools/cloudformation-template.ts";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const templatePath = join(appDir, "template.yaml");
const template = loadTemplate(templatePath);

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: TemplateValue };

function properties(logicalId: string): Record<string, TemplateValue> {
  const resource = template.Resources[logicalId];
  expect(resource, `resource ${logicalId}`).toBeDefined();
  return resource?.Properties ?? {};
}

function statements(logicalId: string): Statement[] {
  const policies = (properties(logicalId).Policies ?? []) as { Statement?: Statement[] }[];
  return policies.flatMap((policy) => policy.Statement ?? []);
}

function actions(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statements of a function's policies that allow `action`. */
function allowing(logicalId: string, action: string): Statement[] {
  return statements(logicalId).filter(
    (statement) => statement.Effect === "Allow" && actions(statement).includes(action),
  );
}

/** The durable execution ARNs of a function, as the template writes them (`Fn::Sub`). */
function durableExecutionArnsOf(functionLogicalId: string): TemplateValue {
  const functionName = (properties(functionLogicalId).FunctionName as { "Fn::Sub": string })["Fn::Sub"];
  return {
    "Fn::Sub": `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${functionName}:*/durable-execution/*`,
  };
}

const seconds = (duration: { days?: number; hours?: number; minutes?: number; seconds?: number }) =>
  (duration.days ?? 0) * 86_400 +
  (duration.hours ?? 0) * 3_600 +
  (duration.minutes ?? 0) * 60 +
  (duration.seconds ?? 0);

describe("the template's short-form intrinsic functions", () => {
  it("parse into their JSON form", () => {
    const parsed = parseTemplate(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      "Resources:\n  A:\n    Type: X\n    Properties:\n      R: !Ref B\n      G: !GetAtt B.Arn\n      S: !Sub [\"${x}\", {x: !Ref C}]\n      J: !Join\n        - ''\n        - [a, !Ref D]\n",
    );

    expect(parsed.Resources.A?.Properties).toEqual({
      R: { Ref: "B" },
      G: { "Fn::GetAtt": ["B", "Arn"] },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      S: { "Fn::Sub": ["${x}", { x: { Ref: "C" } }] },
      J: { "Fn::Join": ["", ["a", { Ref: "D" }]] },
    });
  });

  it("reject a file that is not a template", () => {
    expect(() => parseTemplate("just: text\n")).toThrow("The template has no Resources section");
  });
});

describe("the durable functions", () => {
  it.each(["OrdersFunction", "ShippingFunction"])(
    "%s has a DurableConfig within the service's limits",
    (logicalId) => {
      const { ExecutionTimeout, RetentionPeriodInDays } = properties(logicalId).DurableConfig as Record<
        string,
        number
      >;

      expect(Number.isInteger(ExecutionTimeout)).toBe(true);
      expect(ExecutionTimeout).toBeGreaterThanOrEqual(1);
      expect(ExecutionTimeout).toBeLessThanOrEqual(31_622_400);
      expect(RetentionPeriodInDays).toBeGreaterThanOrEqual(1);
      expect(RetentionPeriodInDays).toBeLessThanOrEqual(90);
    },
  );

  it("give the order execution time for the approval, the cancellation window and shipping", () => {
    const orders =
      (properties("OrdersFunction").DurableConfig as Record<string, number>).ExecutionTimeout ?? 0;
    const shipping =
      (properties("ShippingFunction").DurableConfig as Record<string, number>).ExecutionTimeout ?? 0;

    expect(shipping).toBeGreaterThan(ShippingTimings.pickupDelaySeconds);
    expect(orders).toBeGreaterThan(
      seconds({ hours: OrderTimings.approvalTimeoutHours }) +
        OrderTimings.cancellationWindowSeconds +
        shipping,
    );
  });

  it("are published as versions behind an alias, and the order function invokes shipping through it", () => {
    const globals = template.Globals?.Function ?? {};

    expect(globals.AutoPublishAlias).toBe("live");
    expect(globals.Runtime).toBe("nodejs22.x");
    const variables = (
      properties("OrdersFunction").Environment as { Variables: Record<string, TemplateValue> }
    ).Variables;
    expect(variables[OrderSettingVariables.shippingFunction]).toEqual({ Ref: "ShippingFunction.Alias" });
    expect(variables[UNAVAILABLE_SKUS_VARIABLE]).toEqual({ Ref: "UnavailableSkus" });
    expect(
      allowing("OrdersFunction", "lambda:InvokeFunction").map((statement) => statement.Resource),
    ).toEqual([{ Ref: "ShippingFunction.Alias" }]);
  });

  it.each(["OrdersFunction", "ShippingFunction"])(
    "%s may checkpoint and read the state of its own durable executions only",
    (logicalId) => {
      for (const action of ["lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState"]) {
        expect(allowing(logicalId, action).map((statement) => statement.Resource)).toEqual([
          durableExecutionArnsOf(logicalId),
        ]);
      }
    },
  );

  it("the order function may list its own executions and read their history, which a redrive needs", () => {
    for (const action of ["lambda:GetDurableExecution", "lambda:GetDurableExecutionHistory"]) {
      expect(allowing("OrdersFunction", action).map((statement) => statement.Resource)).toEqual([
        durableExecutionArnsOf("OrdersFunction"),
      ]);
    }
    const functionArn =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-orders";
    expect(
      allowing("OrdersFunction", "lambda:ListDurableExecutionsByFunction").map(
        (statement) => statement.Resource,
      ),
    ).toEqual([[{ "Fn::Sub": functionArn }, { "Fn::Sub": `${functionArn}:*` }]]);
  });
});

describe("the approval function", () => {
  it("may answer the order executions' callbacks and do nothing else durable", () => {
    const callbackActions = [
      "lambda:SendDurableExecutionCallbackSuccess",
      "lambda:SendDurableExecutionCallbackFailure",
      "lambda:SendDurableExecutionCallbackHeartbeat",
    ];

    expect(statements("ApprovalFunction").flatMap(actions).sort()).toEqual([...callbackActions].sort());
    for (const action of callbackActions) {
      expect(allowing("ApprovalFunction", action).map((statement) => statement.Resource)).toEqual([
        durableExecutionArnsOf("OrdersFunction"),
      ]);
    }
  });

  it("serves POST /approvals on an HTTP API that requires IAM (SigV4) authorization", () => {
    const events = properties("ApprovalFunction").Events as Record<
      string,
      { Type: string; Properties: Record<string, TemplateValue> }
    >;

    expect(Object.values(events)).toEqual([
      { Type: "HttpApi", Properties: { ApiId: { Ref: "ApprovalApi" }, Method: "POST", Path: "/approvals" } },
    ]);
    expect(properties("ApprovalApi").Auth).toEqual({
      EnableIamAuthorizer: true,
      DefaultAuthorizer: "AWS_IAM",
    });
  });
});

describe("every function", () => {
  const functions = resourcesOfType(template, "AWS::Serverless::Function");

  it("is one of the three the application has", () => {
    expect(functions.map(([logicalId]) => logicalId)).toEqual([
      "OrdersFunction",
      "ShippingFunction",
      "ApprovalFunction",
    ]);
  });

  it.each(functions)(
    "%s is bundled by esbuild as ESM for Node 22 with the AWS SDK left to the runtime",
    (_id, resource) => {
      const build = resource.Metadata?.BuildProperties as Record<string, TemplateValue>;

      expect(resource.Metadata?.BuildMethod).toBe("esbuild");
      expect(build).toMatchObject({
        Format: "esm",
        Platform: "node",
        Target: "node22",
        OutExtension: [".js=.mjs"],
      });
      expect(build.External).toEqual(["@aws-sdk/*"]);
      const [entryPoint] = build.EntryPoints as string[];
      expect(existsSync(join(appDir, entryPoint ?? "missing"))).toBe(true);
      // SAM writes the bundle under the entry point's file name; the handler must name it.
      expect(resource.Properties?.Handler).toBe(
        `${entryPoint?.split("/").pop()?.replace(/\.ts$/, "")}.handler`,
      );
    },
  );

  it.each(functions)("%s logs JSON to a log group of its own with a retention", (_id, resource) => {
    const logging = resource.Properties?.LoggingConfig as { LogGroup: { Ref: string }; LogFormat: string };
    const logGroup = template.Resources[logging.LogGroup.Ref]?.Properties ?? {};
    const functionName = (resource.Properties?.FunctionName as { "Fn::Sub": string } | undefined)?.[
      "Fn::Sub"
    ];

    expect(logging.LogFormat).toBe("JSON");
    expect(logGroup.LogGroupName).toEqual({ "Fn::Sub": `/aws/lambda/${functionName}` });
    expect(logGroup.RetentionInDays).toEqual({ Ref: "LogRetentionInDays" });
  });

  it("has no policy statement on every resource", () => {
    const all = functions.flatMap(([logicalId]) => statements(logicalId));
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((statement) => statement.Resource === "*")).toEqual([]);
  });
});

describe("the stack's outputs", () => {
  it("give the approval URL and the qualified ARN orders start with", () => {
    const outputs = (template as CloudFormationTemplate).Outputs ?? {};

    expect(outputs.OrdersFunctionAliasArn?.Value).toEqual({ Ref: "OrdersFunction.Alias" });
    expect(outputs.ApprovalUrl?.Value).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      "Fn::Sub": "https://${ApprovalApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/approvals",
    });
  });
});

/** cfn-lint (Python) when it is installed; the template checks above run either way. */
const cfnLint =
  spawnSync("cfn-lint", ["--version"], { encoding: "utf8" }).status === 0 ? "cfn-lint" : undefined;
if (cfnLint === undefined) {
  console.warn(
    "cfn-lint is not installed: template.yaml was checked by the parser tests only (pip install cfn-lint)",
  );
}

describe.runIf(cfnLint)("cfn-lint", { timeout: 120_000 }, () => {
  it("passes the template with no finding", () => {
    expect(() => execFileSync("cfn-lint", [templatePath], { encoding: "utf8" })).not.toThrow();
  });

  it("knows DurableConfig: an execution timeout over one year is a finding", () => {
    const broken = join(mkdtempSync(join(tmpdir(), "order-service-")), "template.yaml");
    writeFileSync(
      broken,
      readFileSync(templatePath, "utf8").replace("ExecutionTimeout: 604800", "ExecutionTimeout: 31622401"),
    );

    const run = spawnSync("cfn-lint", [broken], { encoding: "utf8" });

    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("31622401 is greater than the maximum of 31622400");
  });
});
