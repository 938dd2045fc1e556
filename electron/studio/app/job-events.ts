import type { JobEventData } from '../api/contract.ts';
import type { JobEvent } from '../jobs/job-queue.ts';

export interface JobEventsReply {
  readonly seq: number;
  readonly reset: boolean;
  readonly events: JobEventData[];
}

/**
 * The job queue's events, numbered and kept in a bounded buffer for `jobs.events` long polls.
 * Log lines are left out (a busy encode logs many per second): a job's log tail is in jobs.get.
 */
export class JobEventLog {
  readonly #capacity: number;
  readonly #events: JobEventData[] = [];
  #seq = 0;
  #waiters = new Set<() => void>();

  constructor(capacity = 2000) {
    this.#capacity = capacity;
  }

  push(event: JobEvent): void {
    if (event.type === 'log') return;
    const seq = ++this.#seq;
    this.#events.push({ seq, ...event } as JobEventData);
    if (this.#events.length > this.#capacity) this.#events.splice(0, this.#events.length - this.#capacity);
    this.#wake();
  }

  /** Events after `since`; waits up to `timeoutMs` for one when there is none yet. */
  async since(since: number, timeoutMs: number, signal?: AbortSignal): Promise<JobEventsReply> {
    if (since === this.#seq && timeoutMs > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.#waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    return this.#read(since);
  }

  /** Answers every waiting poll (the studio is closing). */
  wakeAll(): void {
    this.#wake();
  }

  #read(since: number): JobEventsReply {
    // A client ahead of us knew a previous studio process; one behind the buffer missed events.
    const oldest = this.#events[0]?.seq ?? this.#seq + 1;
    const reset = since > this.#seq || (since < oldest - 1 && since < this.#seq);
    const events = reset ? [] : this.#events.filter((e) => e.seq > since);
    return { seq: this.#seq, reset, events };
  }

  #wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }
}
