/** Tag of a Date in stored JSON: `{"$date": <epoch ms>}`. */
const DATE_TAG = "$date";
/** Tag of bytes in stored JSON: `{"$bytes": "<base64>"}`. */
const BYTES_TAG = "$bytes";

/**
 * Serialises a store record to JSON, keeping `Date`s and byte arrays (which plain JSON turns into
 * strings and objects) so {@link parseRecord} gives back an equal record.
 *
 * @example
 * ```ts
 * parseRecord(stringifyRecord({ at: new Date(0) })); // { at: Date(0) }
 * ```
 */
export function stringifyRecord(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key, replaced: unknown) {
    const original = this[key];
    if (original instanceof Date) return { [DATE_TAG]: original.getTime() };
    if (original instanceof Uint8Array) return { [BYTES_TAG]: Buffer.from(original).toString("base64") };
    return replaced;
  });
}

/**
 * Parses JSON written by {@link stringifyRecord}.
 *
 * @example
 * ```ts
 * const record = parseRecord(row.record) as ExecutionRecord;
 * ```
 */
export function parseRecord(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const tagged = value as Record<string, unknown>;
    const keys = Object.keys(tagged);
    if (keys.length !== 1) return value;
    if (typeof tagged[DATE_TAG] === "number") return new Date(tagged[DATE_TAG]);
    if (typeof tagged[BYTES_TAG] === "string")
      return new Uint8Array(Buffer.from(tagged[BYTES_TAG], "base64"));
    return value;
  });
}
