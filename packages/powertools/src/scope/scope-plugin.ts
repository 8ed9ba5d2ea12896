import type {
  AttemptInfo,
  ChildContextInfo,
  CustomerFn,
  CustomerFnResult,
  DurableExecutionInvocationOutput,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationEndInfo,
  OperationInfo,
} from "@durable-lambda/core";
import {
  currentFrame,
  currentInvocation,
  type DurableFrame,
  durableFrames,
  FrameKind,
} from "./durable-frames.js";
import { activeInvocations, type InvocationScope } from "./invocation-registry.js";

/**
 * The hooks every adapter of this package shares: it registers the invocation (and its replay
 * state) and runs step attempts and child-context functions in a {@link DurableFrame}, so logs,
 * metrics and traces made by user code know where they come from. Subclasses add their behaviour
 * through the protected methods, which run after the shared bookkeeping.
 */
export abstract class ScopePlugin implements DurableInstrumentationPlugin {
  onInvocationStart(info: InvocationInfo): void {
    this.invocationStarted(activeInvocations.begin(this, info), info);
  }

  wrapInvocation(
    info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput> {
    const frame: DurableFrame = {
      kind: FrameKind.ROOT,
      invocation: activeInvocations.find(info.executionArn),
    };
    return durableFrames.run(frame, fn);
  }

  onInvocationEnd(info: InvocationEndInfo): void {
    try {
      this.invocationEnded(activeInvocations.find(info.executionArn), info);
    } finally {
      activeInvocations.end(this, info.executionArn);
    }
  }

  onOperationStart(info: OperationInfo): void {
    const invocation = this.currentInvocation();
    invocation?.replay.started(info);
    this.operationStarted(info, invocation);
  }

  onOperationEnd(info: OperationEndInfo): void {
    const invocation = this.currentInvocation();
    invocation?.replay.reached(info);
    this.operationEnded(info, invocation);
  }

  onOperationAttemptStart(info: AttemptInfo): void {
    this.currentInvocation()?.replay.reached(info);
  }

  wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): CustomerFnResult {
    const invocation = this.currentInvocation();
    invocation?.replay.reached(info);
    const frame: DurableFrame = { kind: FrameKind.ATTEMPT, invocation, operation: info };
    return durableFrames.run(frame, () => this.runAttempt(info, fn));
  }

  wrapChildContextFn(info: ChildContextInfo, fn: CustomerFn): CustomerFnResult {
    const invocation = this.currentInvocation();
    invocation?.replay.enteredContext(info);
    const frame: DurableFrame = { kind: FrameKind.CONTEXT, invocation, operation: info };
    return durableFrames.run(frame, () => this.runChildContext(info, fn));
  }

  /** The invocation the code running now belongs to. */
  protected currentInvocation(): InvocationScope | undefined {
    return currentInvocation(currentFrame());
  }

  /** After the invocation is registered, before the handler runs. */
  protected invocationStarted(_invocation: InvocationScope, _info: InvocationInfo): void {}

  /** Just before the invocation returns (SUCCEEDED, FAILED, PENDING) or throws (RETRYING). */
  protected invocationEnded(_invocation: InvocationScope | undefined, _info: InvocationEndInfo): void {}

  protected operationStarted(_info: OperationInfo, _invocation: InvocationScope | undefined): void {}

  protected operationEnded(_info: OperationEndInfo, _invocation: InvocationScope | undefined): void {}

  /** Runs one step or condition-check attempt, inside its frame. */
  protected runAttempt(_info: AttemptInfo, fn: CustomerFn): CustomerFnResult {
    return fn();
  }

  /** Runs one child-context function (map item, parallel branch, …), inside its frame. */
  protected runChildContext(_info: ChildContextInfo, fn: CustomerFn): CustomerFnResult {
    return fn();
  }
}
