import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

export interface EditEntry {
  /** Segment duration in the movie timescale (0: to the end of the media). */
  readonly segmentDuration: number;
  /** Start in media time, or -1 for an empty edit (a delay). */
  readonly mediaTime: number;
  readonly mediaRate: number;
}

/** `elst` (ISO 14496-12 §8.6.6). */
export function parseElst(view: DataView, box: Box): EditEntry[] {
  const { version, body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 4);
  const count = view.getUint32(body);
  const entrySize = version === 1 ? 20 : 12;
  ensureRoom(box, body + 4, count * entrySize);
  const entries: EditEntry[] = [];
  let at = body + 4;
  for (let i = 0; i < count; i++, at += entrySize) {
    if (version === 1) {
      entries.push({
        segmentDuration: Number(view.getBigUint64(at)),
        mediaTime: Number(view.getBigInt64(at + 8)),
        mediaRate: view.getInt16(at + 16),
      });
    } else {
      entries.push({ segmentDuration: view.getUint32(at), mediaTime: view.getInt32(at + 4), mediaRate: view.getInt16(at + 8) });
    }
  }
  return entries;
}
