/** One answered request, as the origin reports it to its host (the endpoint's log). */
export interface RequestLogEntry {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  readonly ms: number;
  /** The client's address, for the endpoint's log and allow list. */
  readonly client?: string;
}
