import { createHash } from 'node:crypto';
import { statSource } from '../io/byte-source.ts';

export interface FileStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** A blob's ETag: the version where a store has one. */
  readonly etag?: string;
}

/**
 * A short hash of every file's identity: any rewrite of the .ism or a media file changes it. Order does
 * not matter, so a cache can recompute it from a presentation's files.
 */
export function assetVersion(stamps: readonly FileStamp[]): string {
  const hash = createHash('sha256');
  const sorted = [...stamps].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const s of sorted) hash.update(`${s.path}\0${s.size}\0${s.mtimeMs}\0${s.etag ?? ''}\n`);
  return hash.digest('base64url').slice(0, 16);
}

/** Re-stats the files; a missing file yields a stamp that matches no earlier version. */
export async function stampFiles(paths: readonly string[]): Promise<FileStamp[]> {
  return Promise.all(
    paths.map(async (p) => {
      const s = await statSource(p).catch(() => null);
      if (!s) return { path: p, size: -1, mtimeMs: -1 };
      return { path: p, size: s.size, mtimeMs: s.mtimeMs, ...(s.etag !== undefined && { etag: s.etag }) };
    }),
  );
}
