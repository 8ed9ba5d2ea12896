import { RedriveNaming } from "./redrive-naming.js";

export { RedriveNaming };

const REDRIVE_NAME = /^(.+)--redrive-([1-9]\d{0,5})$/;

/** Where an execution sits in its redrive chain. */
export interface RedriveLineage {
  /** The name of the chain's first execution (the one that was never a redrive). */
  readonly originalName: string;
  /** How many redrives lead to this execution: 0 for the first, 1 for its redrive, 2 for a redrive of that… */
  readonly redriveCount: number;
}

/**
 * Reads an execution name as a link of a redrive chain.
 *
 * @example
 * ```ts
 * redriveLineageOf("order-42--redrive-2"); // { originalName: "order-42", redriveCount: 2 }
 * redriveLineageOf("order-42"); // { originalName: "order-42", redriveCount: 0 }
 * ```
 */
export function redriveLineageOf(executionName: string): RedriveLineage {
  const match = REDRIVE_NAME.exec(executionName);
  if (match === null) return { originalName: executionName, redriveCount: 0 };
  return { originalName: match[1] as string, redriveCount: Number(match[2]) };
}

/**
 * The name of link `redriveCount` of the chain that starts with `originalName` (the name itself for 0).
 *
 * @example
 * ```ts
 * redriveExecutionName("order-42", 1); // "order-42--redrive-1"
 * ```
 */
export function redriveExecutionName(originalName: string, redriveCount: number): string {
  return redriveCount === 0 ? originalName : `${originalName}${RedriveNaming.separator}${redriveCount}`;
}

/**
 * The name the next redrive of `executionName` gets, or undefined when it would be longer than the
 * service accepts.
 *
 * @example
 * ```ts
 * nextRedriveName("order-42--redrive-1"); // "order-42--redrive-2"
 * ```
 */
export function nextRedriveName(executionName: string): string | undefined {
  const { originalName, redriveCount } = redriveLineageOf(executionName);
  const name = redriveExecutionName(originalName, redriveCount + 1);
  return name.length > RedriveNaming.maxNameLength ? undefined : name;
}

/**
 * The name of the execution a redrive continues, or undefined when `executionName` is not a redrive.
 *
 * @example
 * ```ts
 * redriveSourceName("order-42--redrive-1"); // "order-42"
 * ```
 */
export function redriveSourceName(executionName: string): string | undefined {
  const { originalName, redriveCount } = redriveLineageOf(executionName);
  return redriveCount === 0 ? undefined : redriveExecutionName(originalName, redriveCount - 1);
}
