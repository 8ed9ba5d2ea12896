import { rejectUnknownKeys } from "../options/known-keys.js";

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /**
   * Virtual time at which the clock starts, as epoch milliseconds or a `Date`.
   * Default: the real time when the clock is created. A start in the past makes engines that
   * poll in process (comparing service timestamps with `Date.now()`) poll more often; prefer the
   * default.
   */
  start?: number | Date;
}

/** Called after the clock has been moved forward, with the new virtual time (epoch ms). */
export type ClockAdvanceListener = (nowMs: number) => void;

/**
 * The local service's notion of time: real elapsed time plus every skipped interval.
 *
 * Real time keeps flowing (so timers inside an engine still see time move), and
 * {@link VirtualClock.advanceTo} / {@link VirtualClock.advanceBy} jump ahead, which is how a
 * one-day wait finishes in milliseconds. The clock never goes backwards.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ start: Date.UTC(2030, 0, 1) });
 * clock.advanceBy(24 * 60 * 60 * 1000); // skip a day
 * console.log(new Date(clock.now()).toISOString()); // 2030-01-02T00:00:00.0xxZ
 * ```
 */
export class VirtualClock {
  readonly #startMs: number;
  readonly #realStart: number;
  #skippedMs = 0;
  readonly #listeners = new Set<ClockAdvanceListener>();

  constructor(options: VirtualClockOptions = {}) {
    rejectUnknownKeys("VirtualClock", options, ["start"]);
    const start = options.start;
    this.#startMs = start === undefined ? Date.now() : typeof start === "number" ? start : start.getTime();
    if (!Number.isFinite(this.#startMs)) {
      throw new RangeError(
        `VirtualClock start must be a finite epoch-millisecond number or a valid Date; got ${String(start)}.`,
      );
    }
    this.#realStart = performance.now();
  }

  /** Current virtual time in epoch milliseconds (an integer). */
  now(): number {
    return Math.floor(this.#startMs + (performance.now() - this.#realStart) + this.#skippedMs);
  }

  /** Current virtual time as a `Date`. */
  date(): Date {
    return new Date(this.now());
  }

  /** Total milliseconds skipped so far by {@link advanceTo} and {@link advanceBy}. */
  get skippedMs(): number {
    return this.#skippedMs;
  }

  /**
   * Moves the clock forward to `epochMs`. Does nothing if that time has already passed.
   * @returns the virtual time after the move.
   */
  advanceTo(epochMs: number | Date): number {
    const target = typeof epochMs === "number" ? epochMs : epochMs.getTime();
    if (!Number.isFinite(target)) {
      throw new RangeError(`VirtualClock.advanceTo needs a finite time; got ${String(epochMs)}.`);
    }
    const now = this.now();
    if (target > now) {
      this.#skippedMs += target - now;
      this.#notify();
    }
    return this.now();
  }

  /**
   * Moves the clock forward by `ms` milliseconds.
   * @returns the virtual time after the move.
   */
  advanceBy(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`VirtualClock.advanceBy needs a finite, non-negative number of ms; got ${ms}.`);
    }
    if (ms > 0) {
      this.#skippedMs += ms;
      this.#notify();
    }
    return this.now();
  }

  /**
   * Registers a listener called after every forward jump.
   * @returns a function that removes the listener.
   */
  onAdvance(listener: ClockAdvanceListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #notify(): void {
    const now = this.now();
    for (const listener of [...this.#listeners]) listener(now);
  }
}
