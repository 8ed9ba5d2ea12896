/**
 * The rejection of an update dropped because a context enclosing the operation already completed
 * (a map or parallel item still running when the batch completed early, or an operation a child
 * context started but did not await). The operation's code stops there; nothing is written.
 *
 * @example
 * ```ts
 * const results = await context.map("charge", orders, async (ctx, order) => {
 *   try {
 *     return await ctx.step("charge", async () => charge(order));
 *   } catch (error) {
 *     if (error instanceof AbandonedOperationError) throw error; // the batch already completed
 *     return { failed: true };
 *   }
 * }, { completionConfig: { minSuccessful: 1 } });
 * ```
 */
export class AbandonedOperationError extends Error {
  override readonly name: string = "AbandonedOperationError";

  /** @param operationId - The wire id of the operation whose update was dropped. */
  constructor(operationId: string) {
    super(
      `Operation ${operationId} was not checkpointed because a context enclosing it already completed ` +
        "(an item still running when its map or parallel completed early, or an operation a child context " +
        "started without awaiting it). Await every operation a context starts before the context returns.",
    );
  }
}
