import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SerdesContext } from "../types/serdes.js";

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
