import { isFileRange, type Body } from '../types/body.ts';
import type { FileReader } from './file-reader.ts';

/**
 * Materialises bytes [start, end] (inclusive) of a Body into one buffer: in-memory parts are
 * copied, file ranges are read straight into place. One allocation per response.
 */
export async function readBodySlice(body: Body, start: number, end: number, files: FileReader): Promise<Buffer> {
  const out = Buffer.allocUnsafe(end - start + 1);
  let pos = 0; // position of the current part within the body
  const reads: Promise<void>[] = [];
  for (const part of body.parts) {
    const partLength = isFileRange(part) ? part.length : part.byteLength;
    const from = Math.max(start, pos);
    const to = Math.min(end + 1, pos + partLength);
    if (from < to) {
      const within = from - pos;
      const count = to - from;
      if (isFileRange(part)) {
        reads.push(files.readInto({ path: part.path, offset: part.offset + within, length: count }, out, from - start));
      } else {
        out.set(part.subarray(within, within + count), from - start);
      }
    }
    pos += partLength;
    if (pos > end) break;
  }
  await Promise.all(reads);
  return out;
}

export function bodyFromBytes(bytes: Uint8Array): Body {
  return { parts: [bytes], length: bytes.byteLength };
}

export function bodyFromString(text: string): Body {
  return bodyFromBytes(Buffer.from(text, 'utf8'));
}
