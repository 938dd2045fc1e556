/**
 * A job's time left, steady enough to show: from the average rate since the job started (elapsed ×
 * remaining ÷ done), smoothed, and only once there is something to average — ffmpeg's own ETA comes
 * from its momentary speed, which is fast while its buffers fill and jumps (0:22 → 0:52).
 */
export class EtaEstimate {
  readonly #now: () => number;
  readonly #started: number;
  #smoothed: number | null = null;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#started = now();
  }

  /** Seconds left at `percent` (0–100) done; undefined while too early to say. */
  update(percent: number): number | undefined {
    const elapsedSec = (this.#now() - this.#started) / 1000;
    if (percent < 2 || percent >= 100 || elapsedSec < 3) return undefined;
    const raw = (elapsedSec * (100 - percent)) / percent;
    this.#smoothed = this.#smoothed === null ? raw : this.#smoothed * 0.7 + raw * 0.3;
    return Math.round(this.#smoothed);
  }
}
