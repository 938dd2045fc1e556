import { type Box, ensureRoom, fourcc, fullBoxHeader } from './box.ts';

/** `hdlr` (ISO 14496-12 §8.4.3): the handler type, e.g. `vide`, `soun`, `text`, `meta`. */
export function parseHdlr(view: DataView, box: Box): string {
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 8);
  return fourcc(view, body + 4);
}
