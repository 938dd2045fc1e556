/** One satisfiable byte range, inclusive ends (as in HTTP). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Parses a `Range` header against a body of `size` bytes (RFC 9110 §14): `bytes=a-b`, open-ended
 * `bytes=a-` (ffmpeg sends `bytes=0-` on every request) and suffix `bytes=-n`. Multiple ranges are
 * answered with the whole body (allowed: a server may ignore Range). Returns null when there is no
 * usable Range header, 'unsatisfiable' for a range that starts past the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (end < start) return null;
  return { start, end };
}
