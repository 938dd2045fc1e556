import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

/** `mvhd` (ISO 14496-12 §8.2.2): the movie timescale that edit lists and tkhd durations use. */
export function parseMvhdTimescale(view: DataView, box: Box): number {
  const { version, body } = fullBoxHeader(view, box);
  const at = body + (version === 1 ? 16 : 8);
  ensureRoom(box, at, 4);
  return view.getUint32(at);
}
