import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

/** Run-length table of composition offsets (pts - dts). */
export interface CompositionOffsets {
  readonly counts: Uint32Array;
  readonly offsets: Int32Array;
}

/**
 * `ctts` (ISO 14496-12 §8.6.1.3). Version 1 offsets are signed; version 0 ones are read signed too,
 * because encoders wrote negative offsets in version 0 boxes long before version 1 existed.
 */
export function parseCtts(view: DataView, box: Box): CompositionOffsets {
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 4);
  const n = view.getUint32(body);
  ensureRoom(box, body + 4, n * 8);
  const counts = new Uint32Array(n);
  const offsets = new Int32Array(n);
  for (let i = 0, at = body + 4; i < n; i++, at += 8) {
    counts[i] = view.getUint32(at);
    offsets[i] = view.getInt32(at + 4);
  }
  return { counts, offsets };
}
