import { createHash } from "node:crypto";

/** The number of values a 32-bit unsigned integer takes: turns one into a fraction of 1. */
const UINT32_RANGE = 2 ** 32;

/** A number in [0, 1) derived from `value`: the same input always gives the same number. */
function unitIntervalOf(value: string): number {
  return createHash("sha256").update(value).digest().readUInt32BE(0) / UINT32_RANGE;
}

/**
 * Whether the execution `executionArn` logs at DEBUG under debug sampling at `sampleRate`. Decided
 * from the ARN, so every invocation of an execution makes the same decision (a random roll per
 * invocation would log DEBUG for some invocations of an execution and not for others).
 */
export function isExecutionSampled(executionArn: string, sampleRate: number): boolean {
  return unitIntervalOf(executionArn) < sampleRate;
}
