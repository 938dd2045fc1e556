/**
 * Coalesces frequent updates into at most one write per interval: the first update writes at once,
 * later ones within the interval are held and the latest is written when the interval ends, so the
 * last state always reaches storage without a write per ffmpeg progress line.
 */
export class ThrottledWriter<T> {
  readonly #intervalMs: number;
  readonly #write: (value: T) => void;
  readonly #now: () => number;
  #lastWrite = Number.NEGATIVE_INFINITY;
  #pending: { value: T } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(intervalMs: number, write: (value: T) => void, now: () => number = Date.now) {
    this.#intervalMs = intervalMs;
    this.#write = write;
    this.#now = now;
  }

  push(value: T): void {
    const wait = this.#lastWrite + this.#intervalMs - this.#now();
    if (wait <= 0 && this.#timer === null) {
      this.#commit(value);
      return;
    }
    this.#pending = { value };
    if (this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.flush();
      }, Math.max(wait, 0));
      this.#timer.unref?.();
    }
  }

  /** Writes a held update now (if any). */
  flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const pending = this.#pending;
    if (pending) this.#commit(pending.value);
  }

  /** Drops a held update (the final state is written elsewhere). */
  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }

  #commit(value: T): void {
    this.#pending = null;
    this.#lastWrite = this.#now();
    this.#write(value);
  }
}
