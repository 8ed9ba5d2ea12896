import type { DurableContext } from "@aws/durable-execution-sdk-js";
import fc from "fast-check";
import type { LocalRunResult } from "../../src/index.js";

// Workflows whose map or parallel completes early while items still have retries or waits
// scheduled, for the engines' tests (the official SDK's here, ours in packages/core).

/**
 * Invocations the service should not have made: after the first, an invocation is due only when
 * something the function can still see changed (a wait ended, a retry came due, a callback or
 * invoke finished). An invocation whose `UpdatedOperationIds` lists nothing, or only operations
 * under a context that had already finished, was wasted.
 */
export function wastedInvocations(result: LocalRunResult): number[] {
  const parentOf = new Map(
    result.operations.map((operation) => [operation.Id as string, operation.ParentId]),
  );
  // Order by history position, not by timestamps (several events can share a millisecond).
  const contextEndEvent = new Map<string, number>();
  const invocationEnds: number[] = [];
  for (const event of result.history) {
    if (event.EventType === "ContextSucceeded" || event.EventType === "ContextFailed") {
      contextEndEvent.set(event.Id as string, event.EventId as number);
    }
    if (event.EventType === "InvocationCompleted") invocationEnds.push(event.EventId as number);
  }
  const finishedBefore = (id: string, boundary: number): boolean => {
    for (let parentId = parentOf.get(id); parentId !== undefined; parentId = parentOf.get(parentId)) {
      const ended = contextEndEvent.get(parentId);
      if (ended !== undefined && ended < boundary) return true;
    }
    return false;
  };
  const wasted: number[] = [];
  result.invocations.forEach((invocation, index) => {
    const previousEnd = invocationEnds[index - 1];
    if (index === 0 || previousEnd === undefined) return;
    const useful = invocation.updatedOperationIds.some((id) => !finishedBefore(id, previousEnd));
    if (!useful) wasted.push(index + 1);
  });
  return wasted;
}

/** The example: item 0 fails once (retry in 5 s), item 1 waits 1 s; one success is enough. */
export async function earlyCompletingMap(_event: unknown, ctx: DurableContext) {
  let failures = 0;
  const batch = await ctx.map(
    "m",
    [0, 1],
    async (item, value) => {
      if (value === 0) {
        return item.step(
          "flaky",
          async () => {
            failures += 1;
            if (failures === 1) throw new Error("first attempt fails");
            return "recovered";
          },
          { retryStrategy: () => ({ shouldRetry: true, delay: { seconds: 5 } }) },
        );
      }
      await item.wait("pause", { seconds: 1 });
      return "waited";
    },
    { completionConfig: { minSuccessful: 1 } },
  );
  await ctx.wait("after", { seconds: 60 });
  return batch.getResults();
}

/** A random item: a step failing `failures` times with a retry delay, or a wait. */
const itemArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant("step" as const),
    failures: fc.integer({ min: 0, max: 2 }),
    delay: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 20 }) }),
);

export const workflowArbitrary = fc
  .record({
    batch: fc.constantFrom("map" as const, "parallel" as const),
    items: fc.array(itemArbitrary, { minLength: 2, maxLength: 4 }),
    maxConcurrency: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    minSuccessful: fc.integer({ min: 1, max: 4 }),
    after: fc.integer({ min: 1, max: 120 }),
  })
  .map((spec) => ({ ...spec, minSuccessful: Math.min(spec.minSuccessful, spec.items.length) }));

export type WorkflowSpec = typeof workflowArbitrary extends fc.Arbitrary<infer T> ? T : never;

export function workflowOf(spec: WorkflowSpec) {
  // Attempts survive invocations (each invocation replays the handler from the top).
  const attempts = new Map<number, number>();
  return async (_event: unknown, ctx: DurableContext) => {
    const runItem = async (item: DurableContext, index: number) => {
      const plan = spec.items[index];
      if (plan === undefined) throw new Error(`no item ${index}`);
      if (plan.kind === "wait") {
        await item.wait(`w${index}`, { seconds: plan.seconds });
        return index;
      }
      return item.step(
        `s${index}`,
        async () => {
          const attempt = (attempts.get(index) ?? 0) + 1;
          attempts.set(index, attempt);
          if (attempt <= plan.failures) throw new Error(`attempt ${attempt} of item ${index} fails`);
          return index;
        },
        { retryStrategy: () => ({ shouldRetry: true, delay: { seconds: plan.delay } }) },
      );
    };
    const config = {
      completionConfig: { minSuccessful: spec.minSuccessful },
      ...(spec.maxConcurrency === undefined ? {} : { maxConcurrency: spec.maxConcurrency }),
    };
    const batch =
      spec.batch === "map"
        ? await ctx.map(
            "batch",
            spec.items.map((_item, index) => index),
            (item, index) => runItem(item, index),
            config,
          )
        : await ctx.parallel(
            "batch",
            spec.items.map((_item, index) => (item: DurableContext) => runItem(item, index)),
            config,
          );
    await ctx.wait("after", { seconds: spec.after });
    return batch.successCount;
  };
}
