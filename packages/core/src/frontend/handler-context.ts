import type { DurableInvocation } from "../invocation/durable-invocation.js";
import { preparePlugins } from "../plugins/loading/prepare-plugins.js";
import type { DurableExecutionConfig } from "../types/core.js";
import type { DurableContext } from "../types/durable-context.js";
import type { DurableLogger } from "../types/logger.js";
import { LAMBDA_CONTEXT_DESCRIPTORS, type LambdaDurableContext } from "./lambda-durable-context.js";

const ROOT_CONTEXT = Symbol("rootContext");
const RUN_IN_INVOCATION = Symbol("runInInvocation");

type RunInInvocation = <R>(fn: () => R) => R;

interface HandlerContextFields {
  readonly [ROOT_CONTEXT]: DurableContext;
  readonly [RUN_IN_INVOCATION]: RunInInvocation;
}

type HandlerContextClass = new (root: DurableContext, run: RunInInvocation) => HandlerContextFields;

/** How a handler context calls the root context's methods. */
const MethodCall = {
  /** In the invocation's async context: what a `wrapInvocation` plugin set up, the root frame. */
  IN_INVOCATION: "inInvocation",
  /** Directly: without plugins the root frame changes nothing an operation does, and costs a run per call. */
  DIRECT: "direct",
} as const;
type MethodCall = (typeof MethodCall)[keyof typeof MethodCall];

/** Per root-context class, one class per method-call mode, built on first use (no work at import time). */
const handlerContextClasses: Record<MethodCall, WeakMap<object, HandlerContextClass>> = {
  inInvocation: new WeakMap(),
  direct: new WeakMap(),
};

function delegatedMethod(method: (...args: unknown[]) => unknown, call: MethodCall): PropertyDescriptor {
  const value =
    call === MethodCall.DIRECT
      ? function (this: HandlerContextFields, ...args: unknown[]) {
          return method.apply(this[ROOT_CONTEXT], args);
        }
      : function (this: HandlerContextFields, ...args: unknown[]) {
          const root = this[ROOT_CONTEXT];
          return this[RUN_IN_INVOCATION](() => method.apply(root, args));
        };
  return { value, configurable: true, writable: true };
}

function delegatedGetter(read: (root: DurableContext) => unknown, enumerable: boolean): PropertyDescriptor {
  return {
    get(this: HandlerContextFields) {
      return read(this[ROOT_CONTEXT]);
    },
    configurable: true,
    enumerable,
  };
}

/**
 * A class whose prototype carries the Lambda accessors and delegates every member of the root
 * context: methods run in the invocation's async context, getters and fields read through. The
 * members are read off the root context's class and a sample instance, so the wrapper follows the
 * engine's `DurableContext` without a list to keep in sync; they sit on the prototype, so each
 * invocation allocates one small object with a stable shape.
 */
function buildHandlerContextClass(sample: DurableContext, call: MethodCall): HandlerContextClass {
  class HandlerContext implements HandlerContextFields {
    readonly [ROOT_CONTEXT]: DurableContext;
    readonly [RUN_IN_INVOCATION]: RunInInvocation;

    constructor(root: DurableContext, run: RunInInvocation) {
      this[ROOT_CONTEXT] = root;
      this[RUN_IN_INVOCATION] = run;
    }
  }
  const descriptors: PropertyDescriptorMap = { ...LAMBDA_CONTEXT_DESCRIPTORS };
  const prototype = Object.getPrototypeOf(sample) as object;
  for (const key of Reflect.ownKeys(prototype)) {
    if (key === "constructor" || Object.hasOwn(descriptors, key)) continue;
    const member = Object.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor;
    if (typeof member.value === "function") descriptors[key] = delegatedMethod(member.value, call);
    else if (member.get !== undefined) {
      const get = member.get;
      descriptors[key] = delegatedGetter((root) => get.call(root), false);
    }
  }
  for (const key of Reflect.ownKeys(sample)) {
    if (!Object.hasOwn(descriptors, key)) {
      descriptors[key] = delegatedGetter(
        (root) => (root as unknown as Record<PropertyKey, unknown>)[key],
        true,
      );
    }
  }
  Object.defineProperties(HandlerContext.prototype, descriptors);
  return HandlerContext;
}

/**
 * The context to hand a user's handler that the front end does not call itself (Middy calls it):
 * the invocation's root durable context, as a complete Lambda `Context` too (live views of
 * `lambdaContext`: `functionName`, `awsRequestId`, `getRemainingTimeInMillis()`, …). When the
 * invocation has plugins, its durable methods run in the invocation's async context
 * (`invocation.runInContext`), so operations started from the handler see what a `wrapInvocation`
 * plugin set up around the invocation, exactly as under `withDurableExecution`.
 *
 * @param config - The config the invocation was started with (it tells whether there are plugins);
 *   without it, methods always run in the invocation's context.
 *
 * @example
 * ```ts
 * const invocation = await DurableInvocation.start(event, lambdaContext, config);
 * request.context = createHandlerContext(invocation, config);
 * request.context.awsRequestId === lambdaContext.awsRequestId; // true
 * ```
 */
export function createHandlerContext<TLogger extends DurableLogger = DurableLogger>(
  invocation: DurableInvocation,
  config?: DurableExecutionConfig,
): LambdaDurableContext<TLogger> {
  const call =
    config === undefined || preparePlugins(config) !== undefined
      ? MethodCall.IN_INVOCATION
      : MethodCall.DIRECT;
  const root = invocation.context;
  const prototype = Object.getPrototypeOf(root) as object;
  const classes = handlerContextClasses[call];
  let HandlerContext = classes.get(prototype);
  if (HandlerContext === undefined) {
    HandlerContext = buildHandlerContextClass(root, call);
    classes.set(prototype, HandlerContext);
  }
  return new HandlerContext(root, (fn) =>
    invocation.runInContext(fn),
  ) as unknown as LambdaDurableContext<TLogger>;
}
