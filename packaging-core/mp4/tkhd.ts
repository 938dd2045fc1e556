import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

export interface TrackHeader {
  readonly trackId: number;
  /** Duration in the movie (mvhd) timescale. */
  readonly duration: number;
}

/** `tkhd` (ISO 14496-12 §8.3.2): the track id and its duration in movie time. */
export function parseTkhd(view: DataView, box: Box): TrackHeader {
  const { version, body } = fullBoxHeader(view, box);
  if (version === 1) {
    ensureRoom(box, body, 32);
    return { trackId: view.getUint32(body + 16), duration: Number(view.getBigUint64(body + 24)) };
  }
  ensureRoom(box, body, 20);
  return { trackId: view.getUint32(body + 8), duration: view.getUint32(body + 16) };
}
