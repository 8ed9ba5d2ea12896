/** Number formats shared by the benchmark tables. */

const MIB = 1024 * 1024;

/** Whole numbers with thousands separators (en-US). */
export const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Milliseconds with 3 significant digits or more: "0.76 ms", "39.6 ms", "439 ms". */
export function ms(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms`;
}

/** Microseconds: "0.70 µs", "43.9 µs". */
export function us(value: number): string {
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)} µs`;
}

/** Bytes in MiB with two decimals. */
export function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(2)} MiB`;
}

/** Bytes with thousands separators: "11,570 B". */
export function bytes(value: number): string {
  return `${integer.format(value)} B`;
}

/** A ratio: "0.09×", or "—" when it cannot be formed. */
export function times(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(2)}×`;
}
