/** How deep the strict check walks a value; deeper parts are left to JSON. */
const MAX_DEPTH = 64;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describeObject(value: object): string | undefined {
  if (value instanceof Date) return "is a Date (JSON stores it as a string, so it replays as a string)";
  if (value instanceof Map) return "is a Map (JSON stores it as {}, so it replays empty)";
  if (value instanceof Set) return "is a Set (JSON stores it as {}, so it replays empty)";
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (Array.isArray(value) || prototype === Object.prototype || prototype === null) return undefined;
  const className = (prototype as { constructor?: { name?: string } }).constructor?.name ?? "class";
  return `is a ${className} instance (JSON keeps only its own fields, so it replays as a plain object)`;
}

function describeLeaf(value: unknown): string | undefined {
  switch (typeof value) {
    case "undefined":
      return "is undefined (JSON drops it, or stores null in an array)";
    case "number":
      return Number.isFinite(value) ? undefined : `is ${value} (JSON stores it as null)`;
    case "bigint":
      return "is a BigInt (JSON cannot store it)";
    case "function":
      return "is a function (JSON drops it)";
    case "symbol":
      return "is a symbol (JSON drops it)";
    default:
      return undefined;
  }
}

/**
 * Finds the first part of `value` that `JSON.stringify` then `JSON.parse` would not give back as it
 * was (a `Date`, `Map`, `Set`, class instance, `undefined` inside an object or array, `NaN`,
 * `Infinity`, a function, a `BigInt`, a circular reference), and says where it is.
 *
 * @param value - The value to check; `undefined` at the top is fine (nothing is stored).
 * @param root - The name of the value in the message, e.g. `result`.
 * @returns for example `result.when is a Date (…)`, or undefined when JSON keeps the value intact.
 */
export function findNonJsonValue(value: unknown, root: string): string | undefined {
  if (value === undefined) return undefined;
  const ancestors = new Set<object>();
  const visit = (current: unknown, path: string, depth: number): string | undefined => {
    const leaf = describeLeaf(current);
    if (leaf !== undefined) return `${path} ${leaf}`;
    if (typeof current !== "object" || current === null || depth > MAX_DEPTH) return undefined;
    const problem = describeObject(current);
    if (problem !== undefined) return `${path} ${problem}`;
    if (ancestors.has(current)) return `${path} is a circular reference (JSON cannot store it)`;
    ancestors.add(current);
    const entries: Array<[string, unknown]> = Array.isArray(current)
      ? current.map((item, index) => [`${path}[${index}]`, item])
      : Object.entries(current).map(([key, item]) => [childPath(path, key), item]);
    for (const [itemPath, item] of entries) {
      const found = visit(item, itemPath, depth + 1);
      if (found !== undefined) return found;
    }
    ancestors.delete(current);
    return undefined;
  };
  return visit(value, root, 0);
}
