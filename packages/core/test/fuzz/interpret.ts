import type { DurableContext, ErrorObject } from "@durable-lambda/core";
import type { Environment, Scenario, Sdk } from "../support/differential.js";
import type { Node, ThresholdCompletion, Value, Workflow } from "./workflow.js";

/** The error a generated step or context throws: a named error, so error types are compared too. */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function thresholds(completion: ThresholdCompletion | undefined) {
  return completion === undefined ? undefined : { completionConfig: completion };
}

function runStep(sdk: Sdk, context: DurableContext, node: Extract<Node, { op: "step" }>) {
  const fn = async ({ attempt }: { attempt?: number }): Promise<Value> => {
    const current = attempt ?? 1;
    if (node.outcome.kind === "fail" || (node.outcome.kind === "flaky" && current <= node.outcome.failures))
      throw namedError(node.errorName, `attempt ${current} of ${node.name ?? "a step"} failed`);
    return node.value;
  };
  const config = {
    retryStrategy: sdk.createRetryStrategy({
      maxAttempts: node.maxAttempts,
      initialDelay: { seconds: 2 },
      jitter: "NONE" as never,
    }),
    semantics: node.atMostOnce ? sdk.StepSemantics.AtMostOncePerRetry : sdk.StepSemantics.AtLeastOncePerRetry,
  };
  return node.name === undefined
    ? context.step(fn as never, config as never)
    : context.step(node.name, fn as never, config as never);
}

/** Runs one node; a rejection is caught and the error itself is the node's outcome. */
async function runNode(sdk: Sdk, context: DurableContext, node: Node): Promise<unknown> {
  try {
    return await startNode(sdk, context, node);
  } catch (error) {
    return error;
  }
}

async function runBody(sdk: Sdk, context: DurableContext, body: Node[]): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const node of body) outcomes.push(await runNode(sdk, context, node));
  return outcomes;
}

async function startNode(sdk: Sdk, context: DurableContext, node: Node): Promise<unknown> {
  switch (node.op) {
    case "step":
      return runStep(sdk, context, node);
    case "wait":
      return node.name === undefined
        ? context.wait({ seconds: node.seconds })
        : context.wait(node.name, { seconds: node.seconds });
    case "child":
      return context.runInChildContext(node.name, async (child) => {
        const outcomes = await runBody(sdk, child, node.body);
        if (node.throws) throw namedError("ChildFailure", `child ${node.name ?? ""} gave up`);
        return outcomes;
      });
    case "map": {
      const result = await context.map(
        node.name,
        node.items,
        async (child, item, index) => {
          const outcomes = await runBody(sdk, child, node.body);
          if (node.failing.includes(index)) throw namedError("ItemFailure", `item ${index} failed`);
          return [item, outcomes];
        },
        { maxConcurrency: node.maxConcurrency, ...thresholds(node.completion) },
      );
      return [result, result.status, result.successCount, result.failureCount, result.startedCount];
    }
    case "parallel": {
      const branches = node.branches.map((branch, index) => {
        const func = async (child: DurableContext) => {
          const outcomes = await runBody(sdk, child, branch.body);
          if (branch.throws) throw namedError("BranchFailure", `branch ${index} failed`);
          return outcomes;
        };
        return branch.name === undefined ? func : { name: branch.name, func };
      });
      const result = await context.parallel(node.name, branches as never, {
        maxConcurrency: node.maxConcurrency,
        ...thresholds(node.completion),
      });
      return [result, result.status, result.successCount, result.failureCount, result.startedCount];
    }
    case "combinator": {
      const promises = node.steps.map((step) => runStep(sdk, context, step as Extract<Node, { op: "step" }>));
      const combine = context.promise[node.which] as (
        name: string | undefined,
        all: unknown[],
      ) => Promise<unknown>;
      return combine.call(context.promise, node.name, promises);
    }
    case "callback": {
      const options = { timeout: { seconds: 60 } };
      if (node.waitFor) return context.waitForCallback(node.name, async () => {}, options);
      const [result, callbackId] = await context.createCallback(node.name, options);
      return [typeof callbackId, await result];
    }
    case "condition":
      return context.waitForCondition(node.name, async (state: number) => state + 1, {
        initialState: 0,
        waitStrategy: (state: number) =>
          state < node.polls
            ? { shouldContinue: true, delay: { seconds: node.delaySeconds } }
            : { shouldContinue: false },
      });
    case "invoke":
      return node.name === undefined
        ? context.invoke(node.target, { n: node.input })
        : context.invoke(node.name, node.target, { n: node.input });
  }
}

/** Callback names encode how the outside world answers them: `cb-<n>` looked up in the workflow. */
function callbackAnswers(workflow: Workflow): Map<string, Extract<Node, { op: "callback" }>["answer"]> {
  const answers = new Map<string, Extract<Node, { op: "callback" }>["answer"]>();
  const visit = (nodes: Node[]): void => {
    for (const node of nodes) {
      if (node.op === "callback") answers.set(node.name, node.answer);
      if (node.op === "child" || node.op === "map") visit(node.body);
      if (node.op === "parallel") for (const branch of node.branches) visit(branch.body);
    }
  };
  visit(workflow);
  return answers;
}

/** The error a callback answered with a failure carries. */
export const CALLBACK_FAILURE: ErrorObject = {
  ErrorType: "Declined",
  ErrorMessage: "the approver said no",
  ErrorData: "{}",
};

/** What the outside world sends to callback `name`: a result, an error, or nothing (it times out). */
export function callbackOutcome(
  name: string,
  answer: Extract<Node, { op: "callback" }>["answer"] | undefined,
): { success: string } | { failure: ErrorObject } | undefined {
  if (answer === "success") return { success: JSON.stringify({ approved: name }) };
  if (answer === "failure") return { failure: CALLBACK_FAILURE };
  return undefined;
}

/** The functions generated workflows invoke, by name. */
export const invocableFunctions: Record<string, (event: unknown) => Promise<unknown>> = {
  double: async (event) => (event as { n: number }).n * 2,
  breaker: async () => {
    throw new RangeError("the invoked function broke");
  },
};

/** The environment of a workflow: its callbacks answered as generated, and two invocable functions. */
export function workflowEnvironment(workflow: Workflow): Environment {
  const answers = callbackAnswers(workflow);
  return {
    callbacks: (operation, parent) => {
      const name = parent?.SubType === "WaitForCallback" ? parent.Name : operation.Name;
      return name === undefined ? undefined : callbackOutcome(name, answers.get(name));
    },
    functions: invocableFunctions,
  };
}

/** The workflow as a scenario both engines can run: the handler returns every node's outcome. */
export function workflowScenario(workflow: Workflow): Scenario {
  return {
    handler: (sdk) => async (_event, context) => runBody(sdk, context as DurableContext, workflow),
    environment: workflowEnvironment(workflow),
  };
}
