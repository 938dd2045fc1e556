/**
 * Decides when to tell the user, once, that the job queue has emptied: after at least one job ended
 * and none is queued or running any more. Pure (the shell shows the native notification).
 */
export interface QueueSnapshot {
  readonly active: number; // Queued + Processing
}

export class QueueEmptiedDetector {
  #sawWork = false;
  #finished = 0;
  #failed = 0;

  /** Call on every job state change; returns a message when the queue just emptied. */
  onJobEnded(state: 'Finished' | 'Error' | 'Canceled' | 'Queued' | 'Processing', snapshot: QueueSnapshot): string | null {
    if (state === 'Queued' || state === 'Processing') {
      this.#sawWork = true;
      return null;
    }
    if (state === 'Finished') this.#finished++;
    if (state === 'Error') this.#failed++;
    if (!this.#sawWork || snapshot.active > 0) return null;
    const message =
      this.#failed > 0
        ? `${this.#finished} job(s) finished, ${this.#failed} failed.`
        : `${this.#finished} job(s) finished.`;
    this.#sawWork = false;
    this.#finished = 0;
    this.#failed = 0;
    return message;
  }
}
