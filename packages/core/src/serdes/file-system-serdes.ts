import { DurableConfigurationError } from "../errors/engine-errors.js";
import { KnownOptions, rejectInvalidChoice, rejectUnknownOptions } from "../options/known-options.js";
import type { AnySerdes } from "../types/serdes.js";
import type { FileSystemSerdesSettings } from "./file-system-storage.js";

/**
 * When {@link createFileSystemSerdes} writes a value to a file.
 *
 * @example
 * ```ts
 * createFileSystemSerdes("/mnt/efs/orders", { storageMode: FileSystemSerdesMode.OVERFLOW });
 * ```
 */
export const FileSystemSerdesMode = {
  /** Every value goes to a file; the checkpoint holds `{"file": path}`. The default. */
  ALWAYS: "ALWAYS",
  /** Values stay in the checkpoint (`{"data": json}`) unless that is too large, then go to a file. */
  OVERFLOW: "OVERFLOW",
} as const;
export type FileSystemSerdesMode = (typeof FileSystemSerdesMode)[keyof typeof FileSystemSerdesMode];

/**
 * How {@link createFileSystemSerdes} names directories and files.
 *
 * @example
 * ```ts
 * createFileSystemSerdes("/mnt/efs/orders", { pathEncoding: FileSystemPathEncoding.HASH });
 * ```
 */
export const FileSystemPathEncoding = {
  /**
   * Readable names: `<function>/<execution name>/<execution id>/` for a durable execution ARN (the
   * whole ARN URI-encoded as one directory otherwise), and the URI-encoded operation id as the file
   * name. The default.
   */
  URI: "URI",
  /** SHA-256 hex digests of the ARN (directory) and of the operation id (file): fixed-length, always safe. */
  HASH: "HASH",
} as const;
export type FileSystemPathEncoding = (typeof FileSystemPathEncoding)[keyof typeof FileSystemPathEncoding];

/**
 * Options of {@link createFileSystemSerdes}.
 *
 * @example
 * ```ts
 * const options: FileSystemSerdesConfig = { storageMode: FileSystemSerdesMode.OVERFLOW, pathEncoding: FileSystemPathEncoding.HASH };
 * ```
 */
export interface FileSystemSerdesConfig {
  /** When values go to a file. Default: `FileSystemSerdesMode.ALWAYS`. */
  storageMode?: FileSystemSerdesMode;
  /** How directory and file names are formed. Default: `FileSystemPathEncoding.URI`. */
  pathEncoding?: FileSystemPathEncoding;
  /**
   * Builds a preview kept in the checkpoint next to the file's path, so the console and the API
   * show part of the value without reading the file (see `buildPreview`). Default: none.
   */
  generatePreview?: (value: unknown) => Record<string, unknown> | undefined;
}

const OWNER = "createFileSystemSerdes()";

function checkArguments(basePath: unknown, config: FileSystemSerdesConfig): void {
  if (typeof basePath !== "string" || basePath === "") {
    throw new DurableConfigurationError(
      `${OWNER} needs the directory of a shared file system (for example "/mnt/efs/orders"); got ${JSON.stringify(basePath)}.`,
    );
  }
  if (typeof config !== "object" || config === null) {
    throw new DurableConfigurationError(`${OWNER} options must be an object, for example {}.`);
  }
  rejectUnknownOptions(OWNER, config, KnownOptions.fileSystemSerdes);
  rejectInvalidChoice(OWNER, "storageMode", config.storageMode, FileSystemSerdesMode);
  rejectInvalidChoice(OWNER, "pathEncoding", config.pathEncoding, FileSystemPathEncoding);
  if (config.generatePreview !== undefined && typeof config.generatePreview !== "function") {
    throw new DurableConfigurationError(
      `${OWNER} option "generatePreview" must be a function of the value.`,
      {
        option: "generatePreview",
      },
    );
  }
}

/**
 * A serdes that keeps values on a file system shared by every instance of the function (Amazon EFS,
 * or Amazon S3 Files mounted on the function), so results larger than a checkpoint can hold survive
 * replays. The checkpoint holds a small JSON envelope: `{"file": path}` (plus `"preview"` when
 * `generatePreview` returns one), or `{"data": json}` for a value kept inline in `OVERFLOW` mode.
 * Files are JSON, at `<basePath>/<execution directory>/<operation id>.json`, and the envelope is
 * the same as the official SDK's, so either engine reads what the other wrote. The file system
 * modules load on first use.
 *
 * Do not point it at `/tmp`: each Lambda execution environment has its own, and a replay in
 * another one would not find the file.
 *
 * @throws DurableConfigurationError for a missing `basePath`, an unknown option or an invalid mode.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-filesystem.html
 *
 * @example
 * ```ts
 * export const handler = withDurableExecution(async (event: { orderId: string }, context) => {
 *   context.configureSerdes({
 *     defaultSerdes: createFileSystemSerdes("/mnt/efs/orders", {
 *       storageMode: FileSystemSerdesMode.OVERFLOW,
 *       generatePreview: (value) => buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "id" }] }),
 *     }),
 *   });
 *   return context.step("load", async () => loadLargeOrder(event.orderId));
 * });
 * ```
 */
export function createFileSystemSerdes(basePath: string, config: FileSystemSerdesConfig = {}): AnySerdes {
  checkArguments(basePath, config);
  const settings: FileSystemSerdesSettings = {
    basePath,
    hashed: config.pathEncoding === FileSystemPathEncoding.HASH,
    alwaysToFile: (config.storageMode ?? FileSystemSerdesMode.ALWAYS) === FileSystemSerdesMode.ALWAYS,
    generatePreview: config.generatePreview,
  };
  // The file system code, inline envelopes included, loads with the first value to store or read.
  const storage = () => import("./file-system-storage.js");
  return {
    async serialize(value, context) {
      return value === undefined ? undefined : (await storage()).serializeValue(value, context, settings);
    },
    async deserialize(data, context) {
      return data === undefined ? undefined : (await storage()).readValue(data, context);
    },
  };
}
