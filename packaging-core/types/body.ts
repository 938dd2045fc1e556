/**
 * A response body as a list of parts: bytes built in memory (headers: moof, PES/TS packets, manifests),
 * ranges of media files streamed as they are, and bytes produced while the response is written (a TS
 * segment streamed as it is built). The HTTP layer serves Range requests over it without building the
 * whole body.
 */
export interface FileRange {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

/** Where a streamed part's bytes go, in order. */
export interface ChunkSink {
  /**
   * Takes `bytes` (not copied: the producer must not touch them until `done` is called). `done` is
   * called once the socket layer is finished with them: written, or dropped because the client went
   * away (Node calls a write's callback only after libuv has completed or cancelled it). Returns a
   * promise to wait for before producing more (backpressure), or undefined; the promise rejects with
   * StreamClosed when the bytes are no longer wanted.
   */
  push(bytes: Uint8Array, done: () => void): Promise<void> | undefined;
}

/** Thrown into a producer (by ChunkSink.push's promise) when the bytes are no longer wanted. */
export class StreamClosed extends Error {
  /** One instance serves every stop: it is a signal, not a diagnosis, and a stack per stop costs. */
  private static readonly signal = new StreamClosed();
  constructor() {
    super('the response was closed before the body was written');
    this.name = 'StreamClosed';
  }

  /** A rejected promise for ChunkSink.push to return (already handled, so never "unhandled"). */
  static promise(): Promise<void> {
    const p = Promise.reject(StreamClosed.signal);
    p.catch(() => undefined);
    return p;
  }
}

/** Bytes produced on demand, exactly `length` of them; `write` runs once. */
export interface StreamedPart {
  readonly streamed: true;
  readonly length: number;
  write(sink: ChunkSink): Promise<void>;
}

export type BodyPart = Uint8Array | FileRange | StreamedPart;

export interface Body {
  readonly parts: readonly BodyPart[];
  readonly length: number;
}

export function isFileRange(part: BodyPart): part is FileRange {
  return !(part instanceof Uint8Array) && !('streamed' in part);
}

export function isStreamed(part: BodyPart): part is StreamedPart {
  return !(part instanceof Uint8Array) && 'streamed' in part;
}

export function partLength(part: BodyPart): number {
  return part instanceof Uint8Array ? part.byteLength : part.length;
}
