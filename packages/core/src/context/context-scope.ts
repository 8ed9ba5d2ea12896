import { hashOperationId, rootOperationIds } from "../ids/index.js";
import type { InvocationRuntime } from "../invocation/invocation-runtime.js";
import type { DurableLogger } from "../types/logger.js";
import type { AnySerdes, AnySerdesDeserializer, SerdesConfig } from "../types/serdes.js";

/** The ids of one operation: the unhashed step id (`"2-1"`) and the wire id (its md5 prefix). */
export interface OperationIds {
  readonly id: string;
  readonly hashed: string;
}

/**
 * The engine-side state of one durable context (the root, or a child context): its id prefix,
 * its operation counter, the `ParentId` its operations carry, and its serdes and logger settings.
 */
export class ContextScope {
  readonly runtime: InvocationRuntime;
  /** Unhashed id of this context, the prefix of its operations' ids; undefined at the root. */
  readonly prefix: string | undefined;
  /** Wire id of the nearest checkpointed context: the `ParentId` of this context's operations. */
  readonly parentId: string | undefined;
  #counter = 0;
  defaultSerdes: AnySerdes | undefined;
  defaultCallbackDeserializer: AnySerdesDeserializer | undefined;
  logger: DurableLogger;
  modeAware: boolean;
  /**
   * How many more levels of child contexts keep their children in the state once finished
   * (`pluginsConfig.childOperationsDepth`): a context whose budget is at least 1 is checkpointed
   * with `ReplayChildren`. 0 keeps nothing.
   */
  readonly preserveChildDepth: number;

  constructor(
    runtime: InvocationRuntime,
    prefix: string | undefined,
    parentId: string | undefined,
    settings: {
      serdes: SerdesConfig;
      logger: DurableLogger;
      modeAware: boolean;
      preserveChildDepth?: number;
    },
  ) {
    this.runtime = runtime;
    this.prefix = prefix;
    this.parentId = parentId;
    this.defaultSerdes = settings.serdes.defaultSerdes;
    this.defaultCallbackDeserializer = settings.serdes.defaultCallbackDeserializer;
    this.logger = settings.logger;
    this.modeAware = settings.modeAware;
    this.preserveChildDepth = settings.preserveChildDepth ?? 0;
  }

  /** Allocates the next operation id of this context, in call order. */
  nextOperationIds(): OperationIds {
    this.#counter++;
    if (this.prefix === undefined) return rootOperationIds(this.#counter);
    const id = `${this.prefix}-${this.#counter}`;
    return { id, hashed: hashOperationId(id) };
  }

  /**
   * A scope for a child context with id `prefix`, inheriting this scope's settings. A virtual
   * child (a FLAT map or parallel item) is not a level of the operation tree, so it keeps this
   * scope's budget for preserving children; any other child gets one less.
   */
  child(prefix: string, parentId: string | undefined, virtual = false): ContextScope {
    return new ContextScope(this.runtime, prefix, parentId, {
      serdes: {
        defaultSerdes: this.defaultSerdes,
        defaultCallbackDeserializer: this.defaultCallbackDeserializer,
      },
      logger: this.logger,
      modeAware: this.modeAware,
      preserveChildDepth: virtual ? this.preserveChildDepth : Math.max(0, this.preserveChildDepth - 1),
    });
  }

  /** Whether this context's code is replaying work an earlier invocation already did. */
  isReplaying(): boolean {
    return this.runtime.state.isReplaying(this.parentId);
  }
}
