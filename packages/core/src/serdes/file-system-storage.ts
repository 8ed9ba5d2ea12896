import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CheckpointLimits } from "../checkpoint/limits.js";
import type { SerdesContext } from "../types/serdes.js";

/** Room left in a checkpointed result for the envelope and the operation's other fields. */
const ENVELOPE_HEADROOM_BYTES = 1024;
/** A value whose inline envelope is larger goes to a file in `OVERFLOW` mode. */
const INLINE_ENVELOPE_LIMIT_BYTES = CheckpointLimits.MAX_STORED_RESULT_BYTES - ENVELOPE_HEADROOM_BYTES;

/** How a file-system serdes stores values, from the options of `createFileSystemSerdes`. */
export interface FileSystemSerdesSettings {
  /** The directory on the shared file system. */
  readonly basePath: string;
  /** Whether file names are SHA-256 hashes rather than URI-encoded names. */
  readonly hashed: boolean;
  /** Whether every value goes to a file (`ALWAYS`), not only those too large to keep inline. */
  readonly alwaysToFile: boolean;
  /** Builds the preview stored next to the file name. */
  readonly generatePreview?: ((value: unknown) => Record<string, unknown> | undefined) | undefined;
}

/**
 * The checkpoint payload of `value`: an inline `{"data": json}` envelope when the mode allows and it
 * fits, else `{"file": path}` (with `"preview"` when one is generated) after writing the file.
 */
export async function serializeValue(
  value: unknown,
  context: SerdesContext,
  settings: FileSystemSerdesSettings,
): Promise<string> {
  const json: string | undefined = JSON.stringify(value);
  if (!settings.alwaysToFile && json !== undefined) {
    const inline = JSON.stringify({ data: json });
    if (Buffer.byteLength(inline) <= INLINE_ENVELOPE_LIMIT_BYTES) return inline;
  }
  const file = await writeValueFile(settings.basePath, settings.hashed, json, context);
  const preview = settings.generatePreview?.(value);
  return JSON.stringify(preview ? { file, preview } : { file });
}

// arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME:QUALIFIER/durable-execution/EXECUTION_NAME/EXECUTION_ID
// (a qualified function ARN, as the service gives executions; anything else is encoded whole).
const EXECUTION_ARN =
  /^arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:/]+):[^:/]+\/durable-execution\/([^/]+)\/([^/]+)$/;

function encodeName(name: string, hashed: boolean): string {
  return hashed ? createHash("sha256").update(name).digest("hex") : encodeURIComponent(name);
}

/** The directory of an execution's files under `basePath`. */
function executionDirectory(basePath: string, arn: string, hashed: boolean): string {
  const parts = hashed ? null : EXECUTION_ARN.exec(arn);
  if (parts === null) return join(basePath, encodeName(arn, hashed));
  const [, functionName, executionName, executionId] = parts as unknown as [string, string, string, string];
  return join(basePath, functionName, executionName, executionId);
}

/**
 * Writes an operation's value (already JSON) to its file and returns the file's path; `hashed`
 * names the directory and file by SHA-256 digests instead of readable names.
 */
export async function writeValueFile(
  basePath: string,
  hashed: boolean,
  json: string | undefined,
  context: SerdesContext,
): Promise<string> {
  if (json === undefined) {
    throw new TypeError(
      `createFileSystemSerdes() cannot store the value of operation ${context.entityId}: JSON has no ` +
        "representation for it (a function or a symbol). Return a JSON value from the operation.",
    );
  }
  const directory = executionDirectory(basePath, context.durableExecutionArn, hashed);
  await mkdir(directory, { recursive: true });
  const file = join(directory, `${encodeName(context.entityId, hashed)}.json`);
  await writeFile(file, json, "utf8");
  return file;
}

/** Reads an operation's value back from its checkpointed envelope: inline, or from the file it names. */
export async function readValue(data: string, context: SerdesContext): Promise<unknown> {
  let envelope: { file?: unknown; data?: unknown } | undefined;
  try {
    envelope = JSON.parse(data);
  } catch {
    // Reported below with the fix.
  }
  if (typeof envelope?.file === "string") return JSON.parse(await readValueFile(envelope.file, context));
  if (typeof envelope?.data === "string") return JSON.parse(envelope.data);
  throw new TypeError(
    `The payload of operation ${context.entityId} is not one createFileSystemSerdes() writes ` +
      '({"file": path} or {"data": json}): another serdes wrote it. Read it with the serdes that wrote it.',
  );
}

async function readValueFile(file: string, context: SerdesContext): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new Error(
      `The value of operation ${context.entityId} was stored in ${file}, which no longer exists. ` +
        "createFileSystemSerdes() needs a file system every invocation of the function sees (Amazon EFS " +
        "or Amazon S3 Files, not /tmp), and its files must be kept until the execution ends.",
      { cause: error },
    );
  }
}
