/**
 * HLS AES-128 (RFC 8216 §5.2): the whole segment AES-128-CBC with PKCS#7 padding. The playlist's
 * EXT-X-KEY carries no IV, so the IV is the segment's Media Sequence Number as a 128-bit big-endian
 * integer; the playlists start at sequence 0, so it is the segment's position in its playlist.
 */
import { createCipheriv } from 'node:crypto';

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

export function encryptSegmentAes128(segment: Uint8Array, key: Uint8Array, mediaSequence: number): Uint8Array {
  const cipher = createCipheriv('aes-128-cbc', key, sequenceIv(mediaSequence));
  const head = cipher.update(segment);
  const tail = cipher.final();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}
