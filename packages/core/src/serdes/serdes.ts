import type { Serdes } from "../types/serdes.js";

/**
 * JSON serdes, the default for steps, child contexts, invokes and conditions. `undefined` is stored
 * as no payload and read back as `undefined`.
 *
 * @example
 * ```ts
 * await context.step("load", loadOrder, { serdes: defaultSerdes });
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: the default serdes handles values of every type.
export const defaultSerdes: Serdes<any> = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
  deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data)),
};

/**
 * Keeps strings as they are. Callback results arrive as raw strings, and this is their default
 * deserializer.
 *
 * @example
 * ```ts
 * const [promise] = await context.createCallback("approval", { serdes: passThroughSerdes });
 * const raw: string | undefined = await promise;
 * ```
 */
export const passThroughSerdes: Serdes<string> = {
  serialize: async (value) => value,
  deserialize: async (data) => data,
};

/**
 * JSON serdes that rebuilds instances of `cls`, so methods work after replay. The class must have a
 * constructor with no required parameters; fields are copied with `Object.assign`.
 *
 * @example
 * ```ts
 * class Order { id = ""; total = 0; withTax() { return this.total * 1.2; } }
 * const order = await context.step("load", loadOrder, { serdes: createClassSerdes(Order) });
 * order.withTax();
 * ```
 */
export function createClassSerdes<T extends object>(cls: new () => T): Serdes<T> {
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: async (data) =>
      data === undefined ? undefined : Object.assign(new cls(), JSON.parse(data)),
  };
}

/**
 * Like {@link createClassSerdes}, and also turns the listed properties (dotted paths such as
 * `"shipping.date"`) back into `Date`s. Missing paths are skipped.
 *
 * @example
 * ```ts
 * class Order { id = ""; createdAt = new Date(); shipping = { date: new Date() }; }
 * const serdes = createClassSerdesWithDates(Order, ["createdAt", "shipping.date"]);
 * ```
 */
export function createClassSerdesWithDates<T extends object>(
  cls: new () => T,
  dateProps: string[],
): Serdes<T> {
  // Split once per factory call, not once per deserialize.
  const paths = dateProps.map((path) => path.split("."));
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: async (data) => {
      if (data === undefined) return undefined;
      const instance = Object.assign(new cls(), JSON.parse(data));
      for (const path of paths) reviveDateAt(instance, path);
      return instance;
    },
  };
}

function reviveDateAt(root: object, path: readonly string[]): void {
  let holder: unknown = root;
  const last = path.length - 1;
  for (let index = 0; index < last; index++) {
    if (typeof holder !== "object" || holder === null) return;
    holder = (holder as Record<string, unknown>)[path[index] as string];
  }
  if (typeof holder !== "object" || holder === null) return;
  const key = path[last] as string;
  const record = holder as Record<string, unknown>;
  const value = record[key];
  if (typeof value === "string" || typeof value === "number") record[key] = new Date(value);
}
