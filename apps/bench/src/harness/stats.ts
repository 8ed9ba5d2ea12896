/** Summary of repeated measurements; the median is the headline (robust to a noisy shared machine). */
export interface Sample {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function summarize(runs: readonly number[]): Sample {
  if (runs.length === 0) throw new RangeError("summarize needs at least one measurement");
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: [...runs] };
}

/** `a / b`, or `null` when `b` is zero (a ratio that cannot be formed is not a number to print). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}
