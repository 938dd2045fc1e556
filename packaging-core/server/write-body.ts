import type { ServerResponse } from 'node:http';
import { type Body, isFileRange, isStreamed, partLength, StreamClosed, type StreamedPart } from '../types/body.ts';
import type { BytePool } from '../io/buffer-pool.ts';
import type { FileReader } from '../io/file-reader.ts';

/** File bytes are read and written in pieces of at most this size: bounded memory for big downloads. */
const CHUNK = 2 << 20;
/**
 * Bytes a streamed part may queue in the socket before its producer waits for them to drain. Large
 * enough that a usual segment (a few MB) is written at CPU speed and its samples released at once,
 * rather than held while a client reads; a bigger one is produced as the client takes it.
 */
const STREAM_QUEUE = 4 << 20;

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
/**
 * Writes bytes [within, within + count) of a streamed part as it is produced. Each piece goes to the
 * socket as it is (no copy) and is handed back to its producer once the socket is done with it; the
 * producer waits while more than STREAM_QUEUE bytes are queued, and is stopped when the client goes
 * away or the range is done.
 */
async function writeStreamed(res: ServerResponse, part: StreamedPart, within: number, count: number): Promise<void> {
  let pos = 0;
  try {
    await part.write({
      push(bytes, done) {
        if (res.destroyed) {
          done();
          return StreamClosed.promise();
        }
        const from = Math.max(within, pos);
        const to = Math.min(within + count, pos + bytes.length);
        const start = pos;
        pos += bytes.length;
        if (from < to) {
          const piece = from === start && to - start === bytes.length ? bytes : bytes.subarray(from - start, to - start);
          // Called with an error too, once the socket has dropped the bytes: either way it is done with them.
          res.write(piece, () => done());
        } else {
          done();
        }
        // Past the range (a Range request): stop the producer. At the part's end it stops by itself.
        if (pos >= within + count && pos < part.length) return StreamClosed.promise();
        if (res.writableLength > STREAM_QUEUE) return waitForDrain(res).then(() => (res.destroyed ? StreamClosed.promise() : undefined));
        return undefined;
      },
    });
  } catch (err) {
    if (!(err instanceof StreamClosed)) throw err;
  }
}

export async function writeBody(
  res: ServerResponse,
  body: Body,
  start: number,
  end: number,
  files: FileReader,
  pool: BytePool,
): Promise<number> {
  let pos = 0; // position of the current part within the body
  let written = 0;
  for (const part of body.parts) {
    const length = partLength(part);
    const from = Math.max(start, pos);
    const to = Math.min(end + 1, pos + length);
    pos += length;
    if (from >= to) {
      if (pos > end) break;
      continue;
    }
    const within = from - (pos - length);
    if (isStreamed(part)) {
      await writeStreamed(res, part, within, to - from);
    } else if (!isFileRange(part)) {
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
        // Back to the pool once the socket is done with the bytes, sent or dropped (as for streamed parts).
        const more = res.write(buffer.subarray(0, length), () => pool.release(buffer));
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
