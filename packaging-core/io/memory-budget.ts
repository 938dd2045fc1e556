/**
 * The default byte bound of every cache and buffer reserve of one origin process, set together so that
 * the process stays within 100 MiB of RSS under load (bench:origin prints its peak and what each of
 * these holds). Of that, ~50 MiB are the node binary's own pages and ~20 MiB V8's heap and the runtime,
 * so the caches and reserves share the rest: they are only full at once on a busy, varied library, and
 * each is sized for what it serves, not for "as much as fits".
 */
export const ORIGIN_MEMORY = {
  /**
   * Built TS segments (the segment cache): 6 segments of 2 s 1080p (1.2 MB), 2 of 6 s (3.5 MB): the
   * segments every viewer of a popular title asks for in the same minute. A segment over half of it is
   * streamed instead (built-segments.ts).
   */
  tsSegments: 8 << 20,
  /** Rendered manifests, playlists and inits (a few KB each: thousands of them). */
  replies: 4 << 20,
  /** The packager's own manifests, playlists and inits (mostly the same bytes as the replies). */
  texts: 4 << 20,
  /**
   * Opened presentations' sample tables: a 2-hour 60 fps title takes ~15 MB, a 10-minute one ~1 MB;
   * the last one opened stays even if larger (presentation-cache.ts).
   */
  presentations: 24 << 20,
  /** Presentations reduced by filters: usually a few per asset, each smaller than its source. */
  filteredPresentations: 8 << 20,
  /**
   * The byte arena (copy-arena.ts): file chunks, TS samples and packets on their way to sockets. Two TS
   * segments being built (~1.5 MB of samples each) and the chunks of a few 1 MB segments queued in
   * sockets; a burst past it borrows from the shared pool and gives back at once.
   */
  byteArena: 8 << 20,
  /** Idle buffers the shared pool keeps (buffer-pool.ts): the arena is the standing reserve. */
  idleBuffers: 4 << 20,
} as const;
