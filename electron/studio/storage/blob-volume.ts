import path from 'node:path';
import type { ByteSource, ByteSourceVolume, SourceStat } from '../../../packaging-core/index.ts';
import { StorageError, type BlobStore } from './blob-store.ts';

function enoent(name: string, cause?: unknown): Error {
  return Object.assign(new Error(`${name} does not exist in blob storage`, { cause }), { code: 'ENOENT' });
}

/** Reads up to this size are served from a read-ahead block of READ_AHEAD bytes. */
const SMALL_READ = 16 * 1024;
const READ_AHEAD = 256 * 1024;

const folderStat: SourceStat = { size: 0, mtimeMs: 0, isFile: () => false };

/**
 * A blob store as a volume of packaging-core's byte sources: `<container>/<blob>` names, read by
 * ranges. Each read is pinned to the ETag seen when the blob was opened, so an index parsed from one
 * version never meets another version's bytes (the read fails and the next request reopens).
 */
export class BlobVolume implements ByteSourceVolume {
  readonly #store: BlobStore;

  constructor(store: BlobStore) {
    this.#store = store;
  }

  #split(name: string): { container: string; blob: string } | null {
    const slash = name.indexOf('/');
    if (slash <= 0) return null;
    return { container: name.slice(0, slash), blob: name.slice(slash + 1) };
  }

  async stat(name: string): Promise<SourceStat | null> {
    const at = this.#split(name);
    if (!at) return (await this.#store.containerExists(name).catch(() => false)) ? folderStat : null;
    const info = await this.#store.stat(at.container, at.blob).catch((err: unknown) => {
      if (err instanceof StorageError && err.code === 'invalid-name') return null;
      throw err;
    });
    if (!info) return null;
    return { size: info.size, mtimeMs: info.lastModified.getTime(), etag: info.etag, isFile: () => true };
  }

  async open(name: string): Promise<ByteSource> {
    const at = this.#split(name);
    const st = at ? await this.stat(name) : null;
    if (!at || !st) throw enoent(name);
    const store = this.#store;
    const fetchRange = (position: number, length: number): Promise<Buffer> =>
      store.readRange(at.container, at.blob, position, Math.min(length, Math.max(0, st.size - position)), st.etag);
    // Small reads (box headers while an MP4's top level is walked, then its moov) would each be an
    // HTTP request: they read ahead one block instead, kept per open source (bounded: one block).
    let block: { start: number; data: Buffer } | null = null;
    return {
      stat: () => Promise.resolve(st),
      close: () => {
        block = null;
        return Promise.resolve();
      },
      async read(buffer, offset, length, position) {
        if (length <= SMALL_READ) {
          if (!block || position < block.start || position + length > block.start + block.data.length) {
            block = { start: position, data: await fetchRange(position, Math.max(length, READ_AHEAD)) };
          }
          const from = position - block.start;
          const bytes = block.data.subarray(from, Math.min(block.data.length, from + length));
          buffer.set(bytes, offset);
          return { bytesRead: bytes.length };
        }
        const bytes = await fetchRange(position, length);
        buffer.set(bytes, offset);
        return { bytesRead: bytes.length };
      },
    };
  }
}

/** Where the studio mounts a blob account for the origin: a root no real folder uses. */
export function blobVolumeRoot(accountLabel: string): string {
  return path.resolve('/', `blob:${accountLabel.replace(/[^A-Za-z0-9._-]/g, '_')}`);
}
