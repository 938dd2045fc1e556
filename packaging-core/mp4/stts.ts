import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

/** Run-length table of sample durations. */
export interface TimeToSample {
  readonly counts: Uint32Array;
  readonly deltas: Uint32Array;
}

/** `stts` (ISO 14496-12 §8.6.1.2). */
export function parseStts(view: DataView, box: Box): TimeToSample {
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 4);
  const n = view.getUint32(body);
  ensureRoom(box, body + 4, n * 8);
  const counts = new Uint32Array(n);
  const deltas = new Uint32Array(n);
  for (let i = 0, at = body + 4; i < n; i++, at += 8) {
    counts[i] = view.getUint32(at);
    deltas[i] = view.getUint32(at + 4);
  }
  return { counts, deltas };
}
