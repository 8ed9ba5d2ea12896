import type { Tracer } from "@aws-lambda-powertools/tracer";
import {
  type AttemptInfo,
  type ChildContextInfo,
  type CustomerFn,
  type CustomerFnResult,
  type InvocationEndInfo,
  isSuspension,
  type OperationInfo,
} from "@durable-lambda/core";
import type { InvocationScope } from "../scope/invocation-registry.js";
import { isFinished } from "../scope/replay-tracker.js";
import { ScopePlugin } from "../scope/scope-plugin.js";

/**
 * How replayed operations appear in traces.
 *
 * @example
 * ```ts
 * tracer.plugin({ replayedOperations: ReplayedOperations.MARK });
 * ```
 */
export const ReplayedOperations = {
  /** Not at all: a trace shows what this invocation did. */
  SKIP: "skip",
  /** As subsegments or markers annotated `DurableReplay: true`. */
  MARK: "mark",
} as const;
export type ReplayedOperations = (typeof ReplayedOperations)[keyof typeof ReplayedOperations];

/**
 * Options of the tracer plugin (`tracer.plugin(options)`).
 *
 * @example
 * ```ts
 * const plugin = tracer.plugin({ replayedOperations: "mark", markers: false });
 * ```
 */
export interface DurableTracerPluginOptions {
  /** `"skip"` (default) or `"mark"` replayed work: rebuilt child contexts and waits, callbacks and invokes that ended earlier. */
  replayedOperations?: ReplayedOperations;
  /** Record the error of a failed attempt or child context on its subsegment. Default: `POWERTOOLS_TRACER_CAPTURE_ERROR`, else `true`. */
  captureError?: boolean;
  /** Show waits, callbacks and invokes as zero-length marker subsegments. Default `true`. */
  markers?: boolean;
}

/**
 * Annotation keys (X-Ray keys: letters, digits and underscores) on durable subsegments.
 *
 * @example
 * ```ts
 * // X-Ray filter expression for the attempts of the "charge" step:
 * const filter = `annotation.${DurableAnnotation.OPERATION_NAME} = "charge"`;
 * ```
 */
export const DurableAnnotation = {
  OPERATION_NAME: "DurableOperationName",
  OPERATION_TYPE: "DurableOperationType",
  ATTEMPT: "DurableAttempt",
  REPLAY: "DurableReplay",
  /** On markers: `started`, `resumed` or `ended`. */
  EVENT: "DurableEvent",
  /** The invocation suspended while this operation was still running. */
  SUSPENDED: "DurableSuspended",
} as const;

/**
 * The metadata namespace of durable subsegments (operation and parent ids, execution ARN).
 *
 * @example
 * ```ts
 * const operationId = subsegment.metadata?.[DURABLE_METADATA_NAMESPACE]?.operationId;
 * ```
 */
export const DURABLE_METADATA_NAMESPACE = "durable" as const;

/** What a marker shows happening to a wait, callback or invoke. */
const MarkerEvent = {
  STARTED: "started",
  RESUMED: "resumed",
  ENDED: "ended",
} as const;
type MarkerEvent = (typeof MarkerEvent)[keyof typeof MarkerEvent];

const MARKER_TYPES: ReadonlySet<string> = new Set(["WAIT", "CALLBACK", "CHAINED_INVOKE"]);

/** X-Ray accepts letters, digits, spaces and `_ . : / % & # = + \ - @` in names, up to 200 characters. */
const UNSUPPORTED_NAME_CHARACTERS = /[^\p{L}\p{N}\s_.:/%&#=+\\\-@]/gu;
const MAX_SUBSEGMENT_NAME_LENGTH = 200;
/** Powertools' prefix for subsegments below the handler (`### method`). */
const SUBSEGMENT_PREFIX = "### ";

type ParentSegment = NonNullable<ReturnType<Tracer["getSegment"]>>;
type Subsegment = ReturnType<ParentSegment["addNewSubsegment"]>;

function subsegmentName(info: OperationInfo): string {
  const kind = info.subType ?? info.type;
  const name = `${SUBSEGMENT_PREFIX}${info.name === undefined ? kind : `${kind} ${info.name}`}`;
  return name.replace(UNSUPPORTED_NAME_CHARACTERS, "_").slice(0, MAX_SUBSEGMENT_NAME_LENGTH);
}

function envCaptureError(): boolean {
  return process.env.POWERTOOLS_TRACER_CAPTURE_ERROR?.toLowerCase() !== "false";
}

/**
 * The tracer's instrumentation plugin: one subsegment per executed attempt (steps, condition
 * checks, callback submitters) and per child-context function run (map items, parallel branches,
 * …), created in the async context the engine runs that code in, so concurrent branches nest
 * correctly; markers for waits, callbacks and invokes. Every subsegment it opens is closed before
 * the invocation returns, suspended or not.
 */
export class DurableTracerPlugin extends ScopePlugin {
  readonly #tracer: Tracer;
  readonly #markReplayed: boolean;
  readonly #captureError: boolean;
  readonly #markers: boolean;
  /** Subsegments still open, per invocation (closed at the latest when it ends). */
  readonly #open = new Map<InvocationScope | undefined, Set<Subsegment>>();

  constructor(tracer: Tracer, options: DurableTracerPluginOptions = {}) {
    super();
    this.#tracer = tracer;
    this.#markReplayed = options.replayedOperations === ReplayedOperations.MARK;
    this.#captureError = options.captureError ?? envCaptureError();
    this.#markers = options.markers ?? true;
  }

  protected override runAttempt(info: AttemptInfo, fn: CustomerFn): CustomerFnResult {
    return this.#traced(info, fn, (subsegment) =>
      subsegment.addAnnotation(DurableAnnotation.ATTEMPT, info.attempt),
    );
  }

  protected override runChildContext(info: ChildContextInfo, fn: CustomerFn): CustomerFnResult {
    // A context that finished earlier runs again only to rebuild its result: nothing executes.
    const rebuilding = isFinished(info);
    if (rebuilding && !this.#markReplayed) return fn();
    return this.#traced(info, fn);
  }

  protected override operationStarted(info: OperationInfo, invocation: InvocationScope | undefined): void {
    if (MARKER_TYPES.has(info.type)) {
      this.#mark(info, info.isReplay ? MarkerEvent.RESUMED : MarkerEvent.STARTED, invocation);
    }
  }

  protected override operationEnded(info: OperationInfo, invocation: InvocationScope | undefined): void {
    if (MARKER_TYPES.has(info.type)) this.#mark(info, MarkerEvent.ENDED, invocation);
  }

  protected override invocationEnded(
    invocation: InvocationScope | undefined,
    _info: InvocationEndInfo,
  ): void {
    const open = this.#open.get(invocation);
    this.#open.delete(invocation);
    if (open === undefined) return;
    // Work the engine abandoned when the invocation ended: close it so X-Ray receives it.
    for (const subsegment of open) {
      subsegment.addAnnotation(DurableAnnotation.SUSPENDED, true);
      subsegment.close();
    }
  }

  /** Runs `fn` with a new subsegment as the active one, closing it when `fn` settles. */
  #traced(
    info: OperationInfo,
    fn: CustomerFn,
    annotate?: (subsegment: Subsegment) => void,
  ): CustomerFnResult {
    const tracer = this.#tracer;
    if (!tracer.isTracingEnabled() || tracer.getSegment() === undefined) return fn();
    const invocation = this.currentInvocation();
    return tracer.provider.captureAsyncFunc(subsegmentName(info), (subsegment?: Subsegment) => {
      if (subsegment === undefined) return fn();
      this.#describe(subsegment, info, invocation);
      annotate?.(subsegment);
      const open = this.#openOf(invocation);
      open.add(subsegment);
      const close = (error?: unknown): void => {
        if (!open.delete(subsegment)) return;
        if (isSuspension(error)) subsegment.addAnnotation(DurableAnnotation.SUSPENDED, true);
        else if (error !== undefined) this.#recordError(subsegment, error);
        subsegment.close();
      };
      let result: CustomerFnResult;
      try {
        result = fn();
      } catch (error) {
        close(error ?? new Error(String(error)));
        throw error;
      }
      if (!(result instanceof Promise)) {
        close();
        return result;
      }
      return result.then(
        (value: unknown) => {
          close();
          return value;
        },
        (error: unknown) => {
          close(error ?? new Error(String(error)));
          throw error;
        },
      );
    });
  }

  /** A zero-length subsegment recording what happened to a wait, callback or invoke. */
  #mark(info: OperationInfo, event: MarkerEvent, invocation: InvocationScope | undefined): void {
    if (!this.#markers || (info.isReplay && event === MarkerEvent.ENDED && !this.#markReplayed)) return;
    const tracer = this.#tracer;
    if (!tracer.isTracingEnabled()) return;
    const parent = tracer.getSegment();
    if (parent === undefined) return;
    const marker = parent.addNewSubsegment(subsegmentName(info));
    this.#describe(marker, info, invocation);
    marker.addAnnotation(DurableAnnotation.EVENT, event);
    if (info.error !== undefined) this.#recordError(marker, info.error);
    marker.close();
  }

  #describe(subsegment: Subsegment, info: OperationInfo, invocation: InvocationScope | undefined): void {
    if (info.name !== undefined) subsegment.addAnnotation(DurableAnnotation.OPERATION_NAME, info.name);
    subsegment.addAnnotation(DurableAnnotation.OPERATION_TYPE, info.subType ?? info.type);
    subsegment.addAnnotation(DurableAnnotation.REPLAY, info.isReplay);
    subsegment.addMetadata("operationId", info.id, DURABLE_METADATA_NAMESPACE);
    if (info.parentId !== undefined)
      subsegment.addMetadata("parentId", info.parentId, DURABLE_METADATA_NAMESPACE);
    if (invocation !== undefined)
      subsegment.addMetadata("executionArn", invocation.executionArn, DURABLE_METADATA_NAMESPACE);
  }

  #recordError(subsegment: Subsegment, error: unknown): void {
    if (this.#captureError && (error instanceof Error || typeof error === "string"))
      subsegment.addError(error);
    else subsegment.addErrorFlag();
  }

  #openOf(invocation: InvocationScope | undefined): Set<Subsegment> {
    let open = this.#open.get(invocation);
    if (open === undefined) {
      open = new Set();
      this.#open.set(invocation, open);
    }
    return open;
  }
}
