import { type Box, ensureRoom } from './box.ts';

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** `pasp` (ISO 14496-12 §12.1.4): pixel aspect ratio; reduced, 1:1 when a field is zero. */
export function parsePasp(view: DataView, box: Box): { parNum: number; parDen: number } {
  ensureRoom(box, box.payload, 8);
  const h = view.getUint32(box.payload);
  const v = view.getUint32(box.payload + 4);
  if (h === 0 || v === 0) return { parNum: 1, parDen: 1 };
  const d = gcd(h, v);
  return { parNum: h / d, parDen: v / d };
}
