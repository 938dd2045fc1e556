import type { ServerResponse } from 'node:http';
import { isFileRange, type Body } from '../types/body.ts';
import type { BufferPool } from '../io/buffer-pool.ts';
import type { FileReader } from '../io/file-reader.ts';

/** File bytes are read and written in pieces of at most this size: bounded memory for big downloads. */
const CHUNK = 2 << 20;

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes bytes [start, end] (inclusive) of a Body to the response and ends it, without building the
 * body in one buffer: in-memory parts (headers, built TS segments, manifests) go out as they are, file
 * ranges are read in pooled chunks that return to the pool once the socket has taken them. Honours
 * backpressure, so a whole-file download holds a few chunks, not the file. Stops quietly when the
 * client goes away. Returns the bytes handed to the socket.
 */
export async function writeBody(
  res: ServerResponse,
  body: Body,
  start: number,
  end: number,
  files: FileReader,
  pool: BufferPool,
): Promise<number> {
  let pos = 0; // position of the current part within the body
  let written = 0;
  for (const part of body.parts) {
    const partLength = isFileRange(part) ? part.length : part.byteLength;
    const from = Math.max(start, pos);
    const to = Math.min(end + 1, pos + partLength);
    pos += partLength;
    if (from >= to) {
      if (pos > end) break;
      continue;
    }
    const within = from - (pos - partLength);
    if (!isFileRange(part)) {
      const bytes = within === 0 && to - from === part.byteLength ? part : part.subarray(within, within + to - from);
      if (!res.write(bytes) && !res.destroyed) await waitForDrain(res);
    } else {
      for (let offset = within; offset < within + to - from; ) {
        const length = Math.min(CHUNK, within + to - from - offset);
        const buffer = pool.acquire(length);
        try {
          await files.readInto({ path: part.path, offset: part.offset + offset, length }, buffer, 0);
        } catch (err) {
          pool.release(buffer);
          throw err;
        }
        if (res.destroyed) {
          pool.release(buffer);
          return written;
        }
        // Back to the pool only when the socket has taken the bytes (never, if the client vanished).
        const more = res.write(buffer.subarray(0, length), (err) => {
          if (!err) pool.release(buffer);
        });
        offset += length;
        if (!more && !res.destroyed) await waitForDrain(res);
      }
    }
    written += to - from;
    if (res.destroyed) return written;
    if (pos > end) break;
  }
  res.end();
  return written;
}
