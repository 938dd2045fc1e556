import type { JobEventData } from '../api/contract.ts';
import type { JobEvent } from '../jobs/job-queue.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface JobEventsReply {
  readonly seq: number;
  readonly reset: boolean;
  readonly events: JobEventData[];
}

interface LogBatch {
  readonly jobId: string;
  readonly line: number;
  readonly lines: string[];
}

/**
 * The job queue's events, numbered and kept in a bounded buffer for `jobs.events` long polls.
 * Log lines travel in batches (one event per job per `logBatchMs`, numbered by line so a viewer can
 * join them to the stored log of `jobs.log`): a chatty ffmpeg cannot flood the buffer.
 */
export class JobEventLog {
  readonly #capacity: number;
  readonly #logBatchMs: number;
  readonly #events: JobEventData[] = [];
  readonly #batches = new Map<string, LogBatch>();
  #batchTimer: NodeJS.Timeout | null = null;
  #seq = 0;
  #waiters = new Set<() => void>();

  constructor(capacity = 2000, logBatchMs = 200) {
    this.#capacity = capacity;
    this.#logBatchMs = logBatchMs;
  }

  /** Queue events; `log` events go through pushLog (they need their line numbers). */
  push(event: JobEvent): void {
    if (event.type === 'log') return;
    // Lines logged before a state change are shown before it.
    this.#flushLogs();
    this.#append({ ...event } as DistributiveOmit<JobEventData, 'seq'>);
  }

  /** A change made through the API (any transport), so every open view can reload what it shows. */
  pushChanged(operation: string): void {
    this.#flushLogs();
    this.#append({ type: 'changed', operation });
  }

  /** Lines `line`, `line + 1`, … of a job's log (JobLogStore numbering). */
  pushLog(jobId: string, line: number, lines: readonly string[]): void {
    if (lines.length === 0) return;
    const batch = this.#batches.get(jobId);
    if (batch && batch.line + batch.lines.length === line && batch.lines.length < 500) batch.lines.push(...lines);
    else {
      if (batch) this.#flushLogs();
      this.#batches.set(jobId, { jobId, line, lines: [...lines] });
    }
    this.#batchTimer ??= setTimeout(() => this.#flushLogs(), this.#logBatchMs).unref();
  }

  #flushLogs(): void {
    if (this.#batchTimer) clearTimeout(this.#batchTimer);
    this.#batchTimer = null;
    const batches = [...this.#batches.values()];
    this.#batches.clear();
    for (const b of batches) this.#append({ type: 'log', jobId: b.jobId, line: b.line, lines: b.lines });
  }

  #append(event: DistributiveOmit<JobEventData, 'seq'>): void {
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
    this.#flushLogs();
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
