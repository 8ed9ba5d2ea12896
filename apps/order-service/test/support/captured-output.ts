/** What a function wrote to stdout, one entry per line. */
export interface CapturedOutput {
  lines(): string[];
  /** The lines that are JSON objects, parsed. */
  records(): Record<string, unknown>[];
  restore(): void;
}

/** Captures `process.stdout` (where Powertools writes) until `restore()`. */
export function captureStdout(): CapturedOutput {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stdout.write;
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter((line) => line.trim() !== "");
  return {
    lines,
    records: () => lines().map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      process.stdout.write = original;
    },
  };
}
