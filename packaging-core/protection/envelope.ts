/**
 * HLS AES-128 (RFC 8216 §5.2): the whole segment AES-128-CBC with PKCS#7 padding. The playlist's
 * EXT-X-KEY carries no IV, so the IV is the segment's Media Sequence Number as a 128-bit big-endian
 * integer; the playlists start at sequence 0, so it is the segment's position in its playlist.
 */
import { createCipheriv } from 'node:crypto';
import type { StreamedPart } from '../types/body.ts';
import type { SegmentEnvelope } from '../types/protection.ts';

const BLOCK = 16;
/** Encrypted in chunks of this many bytes, written back in place: no second segment-sized buffer. */
const CHUNK = 64 * 1024;

export function sequenceIv(mediaSequence: number): Uint8Array {
  if (!Number.isSafeInteger(mediaSequence) || mediaSequence < 0) {
    throw new RangeError(`media sequence ${mediaSequence} is not a non-negative integer`);
  }
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  view.setUint32(8, Math.floor(mediaSequence / 0x1_0000_0000));
  view.setUint32(12, mediaSequence >>> 0);
  return iv;
}

function sealedLength(clearLength: number): number {
  return clearLength + BLOCK - (clearLength % BLOCK);
}

/** The AES-128 envelope of the segment with Media Sequence Number `mediaSequence`. */
export function segmentEnvelope(key: Uint8Array, mediaSequence: number): SegmentEnvelope {
  const iv = sequenceIv(mediaSequence);
  return {
    kind: 'envelope',
    sealedLength,
    seal(buffer: Uint8Array, clearLength: number): Uint8Array {
      const total = sealedLength(clearLength);
      if (buffer.length < total) throw new RangeError(`AES-128: ${total} bytes to seal in a ${buffer.length}-byte buffer`);
      const pad = total - clearLength;
      buffer.fill(pad, clearLength, total);
      const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
      for (let at = 0; at < total; at += CHUNK) {
        const out = cipher.update(buffer.subarray(at, Math.min(at + CHUNK, total)));
        buffer.set(out, at);
      }
      cipher.final();
      return buffer.subarray(0, total);
    },
    sealStream(clear: StreamedPart): StreamedPart {
      return {
        streamed: true,
        length: sealedLength(clear.length),
        async write(sink) {
          const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
          let seen = 0;
          await clear.write({
            push(bytes, done) {
              // update() returns the whole blocks so far in a new buffer (the tail of a chunk not on a
              // block boundary waits in the cipher), so the clear chunk goes back to its producer at once.
              const sealed = cipher.update(bytes);
              seen += bytes.length;
              done();
              return sealed.length > 0 ? sink.push(sealed, () => undefined) : undefined;
            },
          });
          if (seen !== clear.length) throw new Error(`AES-128: the segment produced ${seen} of its ${clear.length} bytes`);
          const pad = sealedLength(seen) - seen;
          const last = Buffer.concat([cipher.update(Buffer.alloc(pad, pad)), cipher.final()]);
          await sink.push(last, () => undefined);
        },
      };
    },
  };
}
