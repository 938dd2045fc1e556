import { openByteSource, type ByteSource } from './byte-source.ts';
import type { FileRange } from '../types/body.ts';

/**
 * Reads byte ranges of media files through a small pool of open handles: a segment request is one
 * positioned read per contiguous run of samples, with no open/close per request. Handles are closed
 * when evicted (least recently used) or when the pool is closed.
 */
export class FileReader {
  readonly #max: number;
  readonly #handles = new Map<string, Promise<ByteSource>>();

  constructor(maxOpenFiles = 64) {
    this.#max = maxOpenFiles;
  }

  #handle(path: string): Promise<ByteSource> {
    const existing = this.#handles.get(path);
    if (existing) {
      this.#handles.delete(path);
      this.#handles.set(path, existing);
      return existing;
    }
    const opened = openByteSource(path);
    opened.catch(() => this.#handles.delete(path));
    this.#handles.set(path, opened);
    while (this.#handles.size > this.#max) {
      const [oldest, handle] = this.#handles.entries().next().value as [string, Promise<ByteSource>];
      this.#handles.delete(oldest);
      void handle.then((h) => h.close()).catch(() => undefined);
    }
    return opened;
  }

  /** Reads exactly `range.length` bytes into `target` at `targetOffset`; short files are an error. */
  async readInto(range: FileRange, target: Uint8Array, targetOffset: number): Promise<void> {
    const fh = await this.#handle(range.path);
    let done = 0;
    while (done < range.length) {
      const { bytesRead } = await fh.read(target, targetOffset + done, range.length - done, range.offset + done);
      if (bytesRead === 0) throw new Error(`${range.path} ends before byte ${range.offset + range.length}`);
      done += bytesRead;
    }
  }

  /** Forgets a file (its asset changed or went away). */
  forget(path: string): void {
    const handle = this.#handles.get(path);
    if (!handle) return;
    this.#handles.delete(path);
    void handle.then((h) => h.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const all = [...this.#handles.values()];
    this.#handles.clear();
    await Promise.all(all.map((h) => h.then((x) => x.close()).catch(() => undefined)));
  }
}
