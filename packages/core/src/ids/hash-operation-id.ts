import { createHash } from "node:crypto";

/** Length of a wire operation id: the first 16 hex characters of the md5 digest, as the service expects. */
export const OPERATION_ID_HASH_LENGTH = 16 as const;

/**
 * Size at which the memo is dropped. Warm containers replay the same ids on every invocation, so
 * memoising pays off, but it must not grow without bound in long-lived containers.
 */
const MEMO_MAX_ENTRIES = 10_000 as const;

const memo = new Map<string, string>();

/**
 * The wire `Id` of an operation: the first 16 hex characters of the md5 of its step id
 * (`"1"`, `"2-1"`, …). The same function hashes `ParentId`s.
 *
 * @example
 * ```ts
 * hashOperationId("1"); // "c4ca4238a0b92382"
 * hashOperationId("2-1"); // "8fbdbf5573b18fae"
 * ```
 */
export function hashOperationId(id: string): string {
  const cached = memo.get(id);
  if (cached !== undefined) return cached;
  if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
  const hashed = createHash("md5").update(id).digest("hex").slice(0, OPERATION_ID_HASH_LENGTH);
  memo.set(id, hashed);
  return hashed;
}
