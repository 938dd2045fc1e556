import { type Box, BoxFormatError, ensureRoom, fullBoxHeader } from './box.ts';

/**
 * More samples than any real track has (185 h at 30 fps): a corrupt count would otherwise allocate
 * gigabytes of typed arrays before anything else notices.
 */
export const MAX_SAMPLES = 20_000_000;

/** `stsz` (ISO 14496-12 §8.7.3.2), including the one-size-for-all form; `stz2` is rejected clearly. */
export function parseStsz(view: DataView, box: Box): Uint32Array {
  if (box.type !== 'stsz') throw new BoxFormatError(`compact sample sizes ('${box.type}') are not supported`);
  const { body } = fullBoxHeader(view, box);
  ensureRoom(box, body, 8);
  const fixed = view.getUint32(body);
  const n = view.getUint32(body + 4);
  if (n > MAX_SAMPLES) throw new BoxFormatError(`stsz claims ${n} samples, more than any real track holds`);
  if (fixed !== 0) return new Uint32Array(n).fill(fixed);
  ensureRoom(box, body + 8, n * 4);
  const sizes = new Uint32Array(n);
  for (let i = 0, at = body + 8; i < n; i++, at += 4) sizes[i] = view.getUint32(at);
  return sizes;
}
