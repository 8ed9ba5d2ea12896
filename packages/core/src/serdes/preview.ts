import { Buffer } from "node:buffer";
import { DurableConfigurationError } from "../errors/engine-errors.js";
import { KnownOptions, rejectInvalidChoice, rejectUnknownOptions } from "../options/known-options.js";

/**
 * How a {@link PreviewField} selects fields: by name at any depth, or by its exact dot path from the
 * root of the value.
 *
 * @example
 * ```ts
 * buildPreview(order, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "user.id", match: FieldMatchMode.PATH }] });
 * ```
 */
export const FieldMatchMode = {
  /** The name matches any segment of a field's path (`"email"` matches `user.email`). The default. */
  ANYWHERE: "ANYWHERE",
  /** The name is the field's whole dot path from the root (`"user.email"`; `"email"` only at the root). */
  PATH: "PATH",
} as const;
export type FieldMatchMode = (typeof FieldMatchMode)[keyof typeof FieldMatchMode];

/**
 * Where a preview starts: every field shown, or none.
 *
 * @example
 * ```ts
 * buildPreview(order, { mode: PreviewMode.INCLUDE_ALL, exclude: [{ name: "card" }] });
 * ```
 */
export const PreviewMode = {
  /** Show every field, minus `exclude`; `mask` hides values. */
  INCLUDE_ALL: "INCLUDE_ALL",
  /** Show only `include` (and `mask`ed) fields. */
  EXCLUDE_ALL: "EXCLUDE_ALL",
} as const;
export type PreviewMode = (typeof PreviewMode)[keyof typeof PreviewMode];

/**
 * A field of a preview rule: a name, or a dot path with `match: FieldMatchMode.PATH`.
 *
 * @example
 * ```ts
 * const fields: PreviewField[] = [{ name: "email" }, { name: "user.id", match: FieldMatchMode.PATH }];
 * ```
 */
export interface PreviewField {
  /** A field name, or a dot path from the root. */
  name: string;
  /** How `name` is matched. Default: `FieldMatchMode.ANYWHERE`. */
  match?: FieldMatchMode;
}

/**
 * Options of {@link buildPreview}.
 *
 * @example
 * ```ts
 * const rules: PreviewConfig = { mode: PreviewMode.INCLUDE_ALL, exclude: [{ name: "card" }], maxPreviewBytes: 1024 };
 * ```
 */
export interface PreviewConfig {
  /** Start from every field (`INCLUDE_ALL`) or from none (`EXCLUDE_ALL`). */
  mode: PreviewMode;
  /** Fields shown in `EXCLUDE_ALL` mode (a matched field shows everything under it). */
  include?: PreviewField[];
  /** Fields never shown, whatever the other rules say. */
  exclude?: PreviewField[];
  /** Fields shown with their value replaced by `maskString` (a mask also makes a field visible). */
  mask?: PreviewField[];
  /** What a masked value becomes. Default: `"***"`. */
  maskString?: string;
  /** Budget for the preview's JSON, in bytes; fields beyond it are left out. Default: 4096. */
  maxPreviewBytes?: number;
}

const PreviewDefaults = { maskString: "***", maxPreviewBytes: 4096 } as const;
/** Keys that would reach an object's prototype when the preview is rebuilt. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
/** Bytes of the braces around the preview's JSON. */
const BRACES_BYTES = 2;

function matchesAny(path: string, fields: readonly PreviewField[] | undefined): boolean {
  if (fields === undefined) return false;
  for (const field of fields) {
    if (field.match === FieldMatchMode.PATH ? path === field.name : path.split(".").includes(field.name))
      return true;
  }
  return false;
}

const OWNER = "buildPreview()";

function checkConfig(config: PreviewConfig): void {
  if (typeof config !== "object" || config === null) {
    throw new DurableConfigurationError(
      `${OWNER} needs a config, for example { mode: PreviewMode.INCLUDE_ALL }.`,
    );
  }
  rejectUnknownOptions(OWNER, config, KnownOptions.preview);
  if (config.mode === undefined) rejectInvalidChoice(OWNER, "mode", null, PreviewMode);
  rejectInvalidChoice(OWNER, "mode", config.mode, PreviewMode);
  for (const option of ["include", "exclude", "mask"] as const) {
    const fields: unknown = config[option];
    if (fields === undefined) continue;
    if (!Array.isArray(fields) || fields.some((field) => typeof field?.name !== "string")) {
      throw new DurableConfigurationError(
        `${OWNER} option "${option}" must be a list of { name, match? }; got ${JSON.stringify(fields)}.`,
        { option },
      );
    }
    for (const field of fields) {
      rejectUnknownOptions(`${OWNER} ${option}`, field, KnownOptions.previewField);
      rejectInvalidChoice(`${OWNER} ${option}`, "match", field.match, FieldMatchMode);
    }
  }
}

/**
 * Picks the fields of `value` a person may see, for a checkpoint's preview: walks the object
 * (array items are merged into one object at the array's path), applies the rules, and rebuilds a
 * nested object of the visible leaf values, in walk order, until the next field would take its
 * JSON past `maxPreviewBytes`. `exclude` beats everything; `mask` shows a field with its value
 * replaced. Field names containing a dot, and `__proto__`, `constructor`, `prototype`, are skipped.
 * Returns `undefined` when nothing is visible or `value` is not an object.
 *
 * @throws DurableConfigurationError for a config without a valid `mode`, a malformed field list or
 * an unknown option.
 *
 * @example
 * ```ts
 * buildPreview(
 *   { id: "order-1", status: "paid", user: { email: "a@example.com", name: "Ann" } },
 *   { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "id" }, { name: "status" }], mask: [{ name: "email" }] },
 * );
 * // { id: "order-1", status: "paid", user: { email: "***" } }
 * ```
 */
export function buildPreview(value: unknown, config: PreviewConfig): Record<string, unknown> | undefined {
  checkConfig(config);
  if (typeof value !== "object" || value === null) return undefined;
  const maskString = config.maskString ?? PreviewDefaults.maskString;
  const budget = config.maxPreviewBytes ?? PreviewDefaults.maxPreviewBytes;
  const leaves: Array<[path: string, leaf: unknown]> = [];

  const walk = (node: unknown, at: string): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, at);
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (UNSAFE_KEYS.has(key) || key.includes(".")) continue;
      const path = at === "" ? key : `${at}.${key}`;
      if (matchesAny(path, config.exclude)) continue;
      const masked = matchesAny(path, config.mask);
      const shown = masked || config.mode === PreviewMode.INCLUDE_ALL || matchesAny(path, config.include);
      const child = record[key];
      if (shown && masked) leaves.push([path, maskString]);
      else if (typeof child === "object" && child !== null) walk(child, path);
      else if (shown) leaves.push([path, child]);
    }
  };
  walk(value, "");

  let size = BRACES_BYTES;
  const preview: Record<string, unknown> = {};
  let empty = true;
  for (const [path, leaf] of leaves) {
    size += Buffer.byteLength(`"${path}":${JSON.stringify(leaf)},`);
    if (size > budget) break;
    const segments = path.split(".");
    const last = segments.pop() as string;
    let target = preview;
    for (const segment of segments) {
      const next = target[segment];
      if (typeof next !== "object" || next === null) target[segment] = {};
      target = target[segment] as Record<string, unknown>;
    }
    target[last] = leaf;
    empty = false;
  }
  return empty ? undefined : preview;
}
