import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

/** `stco` (32-bit) or `co64` (64-bit) chunk offsets (ISO 14496-12 §8.7.5), as exact doubles. */
export function parseChunkOffsets(view: DataView, box: Box): Float64Array {
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 4);
  const n = view.getUint32(body);
  const wide = box.type === 'co64';
  ensureRoom(box, body + 4, n * (wide ? 8 : 4));
  const offsets = new Float64Array(n);
  for (let i = 0, at = body + 4; i < n; i++) {
    if (wide) {
      offsets[i] = view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
      at += 8;
    } else {
      offsets[i] = view.getUint32(at);
      at += 4;
    }
  }
  return offsets;
}
