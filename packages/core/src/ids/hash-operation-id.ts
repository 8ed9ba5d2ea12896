/** Length of a wire operation id: the first 16 hex characters of the md5 digest, as the service expects. */
export const OPERATION_ID_HASH_LENGTH = 16 as const;

/**
 * Entries the memo keeps. Warm containers replay the same ids on every invocation, so memoising
 * pays off; the bound covers the largest execution the service allows (about 30,000 operations), so
 * a long execution never thrashes the memo, while long-lived containers stay bounded (~3 MB).
 */
const MEMO_MAX_ENTRIES = 32_768 as const;

const memo = new Map<string, string>();

type OneShotHash = (algorithm: string, data: string, encoding: "hex") => string;

// `node:crypto` loads on the first hash rather than with the engine: importing it costs milliseconds
// of a cold start that a function may spend on its own imports first.
let oneShotHash: OneShotHash | undefined;

/** One-shot hashing (`crypto.hash`) avoids a Hash object per id. */
function md5Hex(input: string): string {
  oneShotHash ??= (process.getBuiltinModule("node:crypto") as unknown as { hash: OneShotHash }).hash;
  return oneShotHash("md5", input, "hex");
}

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
  if (memo.size >= MEMO_MAX_ENTRIES) {
    // Evict the oldest entry (Map keeps insertion order) rather than everything.
    const oldest = memo.keys().next().value;
    if (oldest !== undefined) memo.delete(oldest);
  }
  const hashed = md5Hex(id).slice(0, OPERATION_ID_HASH_LENGTH);
  memo.set(id, hashed);
  return hashed;
}

/**
 * Root operation ids are `"1"`, `"2"`, …: their ids are kept in a dense array by counter, so
 * replaying a long root history reads memory sequentially and allocates nothing per operation.
 */
const rootIds: { readonly id: string; readonly hashed: string }[] = [];

/** The step id and wire id of the `counter`-th operation of the root context. */
export function rootOperationIds(counter: number): { readonly id: string; readonly hashed: string } {
  const cached = rootIds[counter];
  if (cached !== undefined) return cached;
  if (counter > MEMO_MAX_ENTRIES) {
    const id = String(counter);
    return { id, hashed: hashOperationId(id) };
  }
  // Fill densely up to `counter` so the array stays packed.
  for (let next = rootIds.length; next <= counter; next++) {
    const id = String(next);
    rootIds.push(Object.freeze({ id, hashed: md5Hex(id).slice(0, OPERATION_ID_HASH_LENGTH) }));
  }
  return rootIds[counter] as { readonly id: string; readonly hashed: string };
}
