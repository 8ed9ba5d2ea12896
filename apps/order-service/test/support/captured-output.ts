/** What the functions wrote to stdout and stderr, one entry per line, in order. */
export interface CapturedOutput {
  lines(): string[];
  /** Every line parsed as JSON (throws on a line that is not JSON). */
  records(): Record<string, unknown>[];
  restore(): void;
}

/** Captures `process.stdout` and `process.stderr` (where Powertools writes) until `restore()`. */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write.bind(stream));
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof stream.write;
  }
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter((line) => line.trim() !== "");
  return {
    lines,
    records: () => lines().map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      streams.forEach((stream, index) => {
        stream.write = originals[index] as typeof stream.write;
      });
    },
  };
}
