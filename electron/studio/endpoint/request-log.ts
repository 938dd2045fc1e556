import type { RequestLogEntry } from '../../../packaging-core/index.ts';

/** One answered request, as the endpoint's log view shows it: the origin's entry, numbered. */
export interface LoggedRequest extends RequestLogEntry {
  readonly seq: number;
  readonly client: string;
}

/** The last `capacity` requests in memory (a player makes thousands; the log is for looking, not keeping). */
export class RequestLog {
  readonly #capacity: number;
  readonly #entries: LoggedRequest[] = [];
  #seq = 0;

  readonly #onPush: ((entry: LoggedRequest) => void) | undefined;

  /** `onPush` sees every entry as it is logged (a worker process forwards them to the main log). */
  constructor(capacity = 1000, onPush?: (entry: LoggedRequest) => void) {
    this.#capacity = capacity;
    this.#onPush = onPush;
  }

  get seq(): number {
    return this.#seq;
  }

  push(entry: Omit<LoggedRequest, 'seq'>): void {
    const logged = { seq: ++this.#seq, ...entry };
    this.#entries.push(logged);
    this.#onPush?.(logged);
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
  }

  /** Entries after `since` (oldest first), at most the newest `limit`. */
  list(since = 0, limit = this.#capacity): LoggedRequest[] {
    const after = this.#entries.filter((e) => e.seq > since);
    return after.slice(Math.max(0, after.length - limit));
  }
}
