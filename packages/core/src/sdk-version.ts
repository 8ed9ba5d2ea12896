/**
 * The version of this package (`@durable-lambda/core`), for diagnostics and User-Agent strings.
 * The official SDK's `SDK_VERSION` holds its own version in the same `major.minor.patch` form; this
 * one is ours, not the official SDK's version it is compatible with. A test keeps it equal to the
 * `version` of `package.json`.
 *
 * @example
 * ```ts
 * console.log(`durable engine ${SDK_VERSION}`); // "durable engine 0.1.0"
 * ```
 */
export const SDK_VERSION: string = "0.1.0";
