/** Tiny helpers to write golden ISO BMFF boxes by hand in tests. */
export type Part = Uint8Array | number[];

export function bytes(...parts: Part[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export const u8 = (v: number): number[] => [v & 0xff];
export const u16 = (v: number): number[] => [(v >>> 8) & 0xff, v & 0xff];
export const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
export const i32 = (v: number): number[] => u32(v >>> 0);
export const u64 = (v: number): number[] => [...u32(Math.floor(v / 2 ** 32)), ...u32(v % 2 ** 32)];
export const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

export function box(type: string, ...payload: Part[]): Uint8Array {
  const body = bytes(...payload);
  return bytes(u32(8 + body.length), ascii(type), body);
}

export function fullBox(type: string, version: number, flags: number, ...payload: Part[]): Uint8Array {
  return box(type, [version, (flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff], ...payload);
}

export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}
