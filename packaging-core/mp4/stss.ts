import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

/** `stss` (ISO 14496-12 §8.6.2): 1-based numbers of the sync samples. */
export function parseStss(view: DataView, box: Box): Uint32Array {
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 4);
  const n = view.getUint32(body);
  ensureRoom(box, body + 4, n * 4);
  const numbers = new Uint32Array(n);
  for (let i = 0, at = body + 4; i < n; i++, at += 4) numbers[i] = view.getUint32(at);
  return numbers;
}
