import { type Body, isFileRange, isStreamed, partLength, StreamClosed, type StreamedPart } from '../types/body.ts';
import type { FileReader } from './file-reader.ts';

/**
 * Materialises bytes [start, end] (inclusive) of a Body into one buffer: in-memory parts are
 * copied, file ranges are read straight into place, streamed parts are produced and copied. One
 * allocation per response.
 */
export async function readBodySlice(body: Body, start: number, end: number, files: FileReader): Promise<Buffer> {
  const out = Buffer.allocUnsafe(end - start + 1);
  let pos = 0; // position of the current part within the body
  const reads: Promise<void>[] = [];
  for (const part of body.parts) {
    const length = partLength(part);
    const from = Math.max(start, pos);
    const to = Math.min(end + 1, pos + length);
    if (from < to) {
      const within = from - pos;
      const count = to - from;
      if (isStreamed(part)) reads.push(copyStreamed(part, within, count, out, from - start));
      else if (isFileRange(part)) {
        reads.push(files.readInto({ path: part.path, offset: part.offset + within, length: count }, out, from - start));
      } else {
        out.set(part.subarray(within, within + count), from - start);
      }
    }
    pos += length;
    if (pos > end) break;
  }
  await Promise.all(reads);
  return out;
}

/** Copies bytes [within, within + count) of a streamed part to out[at…]; stops producing past them. */
async function copyStreamed(part: StreamedPart, within: number, count: number, out: Buffer, at: number): Promise<void> {
  let pos = 0;
  try {
    await part.write({
      push(bytes, done) {
        const from = Math.max(within, pos);
        const to = Math.min(within + count, pos + bytes.length);
        if (from < to) out.set(bytes.subarray(from - pos, to - pos), at + from - within);
        pos += bytes.length;
        done();
        return pos >= within + count && pos < part.length ? StreamClosed.promise() : undefined;
      },
    });
  } catch (err) {
    if (!(err instanceof StreamClosed)) throw err;
  }
}

export function bodyFromBytes(bytes: Uint8Array): Body {
  return { parts: [bytes], length: bytes.byteLength };
}

export function bodyFromString(text: string): Body {
  return bodyFromBytes(Buffer.from(text, 'utf8'));
}
