// Handler code written against the official SDK's types. The type-compatibility test compiles this
// file as it is, and again with only the import of the official package changed to "@durable-lambda/core".

import {
  BatchItemStatus,
  type BatchResult,
  buildPreview,
  CallbackTimeoutError,
  ChildContextError,
  completeBatch,
  continueBatch,
  createClassSerdes,
  createFileSystemSerdes,
  createRetryStrategy,
  createWaitStrategy,
  type DurableContext,
  DurableExecutionApiClient,
  type DurableExecutionConfig,
  type DurableExecutionHandler,
  DurableExecutionInvocationInputWithClient,
  type DurableLogger,
  type Duration,
  defaultSerdes,
  FieldMatchMode,
  FileSystemPathEncoding,
  type FileSystemSerdesConfig,
  FileSystemSerdesMode,
  InvokeError,
  JitterStrategy,
  type MapConfig,
  NestingType,
  type PreviewConfig,
  PreviewMode,
  type RetryDecision,
  refreshLogConfig,
  retryPresets,
  SDK_VERSION,
  type Serdes,
  type StepConfig,
  StepError,
  StepSemantics,
  withDurableExecution,
  withRetry,
} from "@aws/durable-execution-sdk-js";
import { LambdaClient } from "@aws-sdk/client-lambda";

interface Order {
  id: string;
  items: { sku: string; quantity: number }[];
}

class Receipt {
  id = "";
  total = 0;
  describe(): string {
    return `${this.id}: ${this.total}`;
  }
}

const chargeConfig: StepConfig<Receipt> = {
  retryStrategy: createRetryStrategy({
    maxAttempts: 4,
    initialDelay: { seconds: 2 },
    maxDelay: { minutes: 1 },
    backoffRate: 2,
    jitter: JitterStrategy.FULL,
    retryableErrorTypes: [TypeError],
  }),
  semantics: StepSemantics.AtMostOncePerRetry,
  serdes: createClassSerdes(Receipt),
};

const customRetry = (error: Error, attempt: number): RetryDecision =>
  error.message.includes("throttle") && attempt < 5
    ? { shouldRetry: true, delay: { seconds: attempt * 2 } }
    : { shouldRetry: false };

const upperSerdes: Serdes<string> = {
  serialize: async (value) => value?.toUpperCase(),
  deserialize: async (data) => data?.toLowerCase(),
};

async function processOrder(
  order: Order,
  context: DurableContext,
): Promise<{ receipt: string; shipped: number }> {
  context.logger.info("processing", { orderId: order.id });
  const validated: boolean = await context.step("validate", async (stepContext) => {
    stepContext.logger.debug("validating");
    return order.items.length > 0;
  });
  if (!validated) throw new Error("empty order");

  const receipt: Receipt = await context.step(
    "charge",
    async () => Object.assign(new Receipt(), { id: order.id, total: 10 }),
    chargeConfig,
  );
  const flaky: string = await context.step(async () => "unnamed", { retryStrategy: customRetry });
  const preset: number = await context.step("preset", async () => 1, { retryStrategy: retryPresets.default });
  void flaky;
  void preset;

  const pause: Duration = { minutes: 5 };
  await context.wait("cool-down", pause);
  await context.wait({ seconds: 30 });

  const job = await context.waitForCondition<{ status: string; polls: number }>(
    "poll-job",
    async (state, conditionContext) => {
      conditionContext.logger.info("polling", { polls: state.polls });
      return { status: state.polls > 2 ? "DONE" : "RUNNING", polls: state.polls + 1 };
    },
    {
      initialState: { status: "RUNNING", polls: 0 },
      waitStrategy: createWaitStrategy({
        shouldContinuePolling: (state) => state.status === "RUNNING",
        maxAttempts: 10,
        initialDelay: { seconds: 5 },
      }),
    },
  );
  const done: boolean = job.status === "DONE";
  void done;

  const [approval, callbackId] = await context.createCallback<{ approved: boolean }>("approval", {
    timeout: { hours: 1 },
    heartbeatTimeout: { minutes: 10 },
    serdes: { deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data)) },
  });
  await context.step("notify", async () => callbackId.length);
  try {
    const answer = await approval;
    context.logger.info("approved", { approved: answer.approved });
  } catch (error) {
    if (error instanceof CallbackTimeoutError) context.logger.warn("approval timed out");
  }

  const token: string = await context.waitForCallback(
    "external",
    async (id, callbackContext) => {
      callbackContext.logger.info("submitting", { id });
    },
    { timeout: { days: 1 }, retryStrategy: retryPresets.noRetry },
  );
  void token;

  let price = 0;
  try {
    price = await context.invoke<{ sku: string }, number>(
      "price",
      "pricing:live",
      { sku: "A-1" },
      { tenantId: "t-1" },
    );
  } catch (error) {
    if (error instanceof InvokeError) price = -1;
  }

  const shipped: number = await context.runInChildContext(
    "ship",
    async (child) => {
      const labels = await child.step("labels", async () => order.items.map((item) => item.sku));
      return labels.length;
    },
    { subType: "Shipping", summaryGenerator: (result) => `${result} labels` },
  );

  const mapConfig: MapConfig<Order["items"][number], number> = {
    maxConcurrency: 5,
    itemNamer: (item, index) => `${item.sku}-${index}`,
    completionConfig: { toleratedFailurePercentage: 10 },
    nesting: NestingType.NESTED,
  };
  const quantities: BatchResult<number> = await context.map(
    "quantities",
    order.items,
    async (itemContext, item, index, all) => itemContext.step(async () => item.quantity * index + all.length),
    mapConfig,
  );
  quantities.throwIfError();
  const total = quantities.getResults().reduce((sum, value) => sum + value, 0);
  for (const item of quantities.all) {
    if (item.status === BatchItemStatus.FAILED) context.logger.error("item failed", item.error);
  }
  const failed = quantities.failed().map((item) => item.error.message);
  void failed;

  const unnamedMap = await context.map(
    [1, 2, 3],
    async (itemContext, value) => itemContext.step(async () => `${value}`),
    {
      completionConfig: {
        shouldComplete: (status) => (status.successCount >= 2 ? completeBatch() : continueBatch()),
      },
      itemSerdes: upperSerdes,
    },
  );
  const strings: string[] = unnamedMap.getResults();
  void strings;

  const parallelConfig = { maxConcurrency: 2, completionConfig: { minSuccessful: 1 } };
  const branches = await context.parallel<string>(
    "branches",
    [
      async (branch) => branch.step("a", async () => "a"),
      { name: "b", func: async (branch) => branch.step("b", async () => "b") },
    ],
    parallelConfig,
  );
  const firstBranch: string | undefined = branches.getResults()[0];
  void firstBranch;
  const hetero = await context.parallel([async () => 1, async () => 2]);
  const heteroTotal: number =
    hetero.successCount + hetero.failureCount + hetero.startedCount + hetero.totalCount;
  void heteroTotal;
  const reason: string = hetero.completionReason;
  void reason;

  const [a, b] = await context.promise.all("both", [
    context.step(async () => 1),
    context.step(async () => 2),
  ]);
  const settled = await context.promise.allSettled([context.step(async () => "x")]);
  const firstSettled = settled[0];
  if (firstSettled?.status === "fulfilled") context.logger.info(firstSettled.value);
  const anyValue: number = await context.promise.any([context.step(async () => 3)]);
  const raced: number = await context.promise.race("race", [context.step(async () => 4)]);

  const retried: string = await withRetry(
    context,
    "retried-block",
    async (ctx, attempt) => ctx.step(async () => `attempt ${attempt}`),
    { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
  );
  void retried;

  try {
    await context.step("may-fail", async () => {
      throw new Error("nope");
    });
  } catch (error) {
    if (error instanceof StepError) context.logger.warn("step failed", error.cause?.message);
    if (error instanceof ChildContextError) throw error;
  }

  context.configureSerdes({ defaultSerdes });
  context.configureLogger({ modeAware: false });
  const arn: string = context.executionContext.durableExecutionArn;
  const remaining: number = context.lambdaContext.getRemainingTimeInMillis();
  void arn;
  void remaining;

  return {
    receipt: receipt.describe(),
    shipped: shipped + total + (a ?? 0) + (b ?? 0) + anyValue + raced + price,
  };
}

const typedHandler: DurableExecutionHandler<Order, { receipt: string; shipped: number }> = async (
  event,
  context,
) => processOrder(event, context);

const config: DurableExecutionConfig = {};
export const handler = withDurableExecution(typedHandler, config);

export const inlineHandler = withDurableExecution(
  async (event: { name: string }, context: DurableContext) => {
    const greeting = await context.step("greet", async () => `hello ${event.name}`);
    return { greeting };
  },
);

class PrefixLogger implements DurableLogger {
  log(level: string, ...params: unknown[]): void {
    console.log(level, ...params);
  }
  error(...params: unknown[]): void {
    console.error(...params);
  }
  warn(...params: unknown[]): void {
    console.warn(...params);
  }
  info(...params: unknown[]): void {
    console.info(...params);
  }
  debug(...params: unknown[]): void {
    console.debug(...params);
  }
}

export const loggerHandler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  context.configureLogger({ customLogger: new PrefixLogger() });
  return context.step(async () => 1);
});

const previewRules: PreviewConfig = {
  mode: PreviewMode.EXCLUDE_ALL,
  include: [{ name: "id" }, { name: "user.email", match: FieldMatchMode.PATH }],
  mask: [{ name: "email" }],
  maskString: "###",
  maxPreviewBytes: 512,
};
const fileSerdesConfig: FileSystemSerdesConfig = {
  storageMode: FileSystemSerdesMode.OVERFLOW,
  pathEncoding: FileSystemPathEncoding.HASH,
  generatePreview: (value) => buildPreview(value, previewRules),
};

export const fileSystemHandler = withDurableExecution(
  async (_event: unknown, context: DurableContext) => {
    context.configureSerdes({ defaultSerdes: createFileSystemSerdes("/mnt/efs/orders", fileSerdesConfig) });
    return context.step("load", async () => ({ id: "o-1", version: SDK_VERSION }));
  },
  {
    durableExecutionClient: new DurableExecutionApiClient(new LambdaClient({ region: "us-east-1" })),
    pluginsConfig: { childOperationsDepth: 2 },
  },
);

export function wrapForHarness(
  event: { DurableExecutionArn: string; CheckpointToken: string },
  client: DurableExecutionApiClient,
): boolean {
  refreshLogConfig();
  const wrapped = new DurableExecutionInvocationInputWithClient(
    { ...event, InitialExecutionState: { Operations: [] } },
    client,
  );
  return DurableExecutionInvocationInputWithClient.isInstance(wrapped) && wrapped.CheckpointToken !== "";
}
