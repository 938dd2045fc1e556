/**
 * Writers for ISO BMFF boxes: every box function in this folder returns its complete bytes, and a
 * parent box copies its children once. Fragment headers are a few hundred bytes to a few KiB, so one
 * copy per nesting level costs far less than computing sizes ahead of time everywhere.
 */

const TWO_POW_32 = 0x1_0000_0000;

export function u8(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff);
}

export function u16(value: number): Uint8Array {
  return Uint8Array.of((value >>> 8) & 0xff, value & 0xff);
}

export function u24(value: number): Uint8Array {
  return Uint8Array.of((value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  writeU32(out, 0, value);
  return out;
}

export function u64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  writeU64(out, 0, value);
  return out;
}

/** Four ASCII characters, e.g. a box type or a brand. */
export function fourcc(code: string): Uint8Array {
  if (code.length !== 4) throw new RangeError(`a four-character code must have 4 characters, got '${code}'`);
  return Uint8Array.of(code.charCodeAt(0), code.charCodeAt(1), code.charCodeAt(2), code.charCodeAt(3));
}

/** `count` zero bytes (reserved fields). */
export function zeros(count: number): Uint8Array {
  return new Uint8Array(count);
}

export function writeU32(out: Uint8Array, at: number, value: number): void {
  out[at] = (value >>> 24) & 0xff;
  out[at + 1] = (value >>> 16) & 0xff;
  out[at + 2] = (value >>> 8) & 0xff;
  out[at + 3] = value & 0xff;
}

/** Unsigned 64-bit from a JS number; exact up to 2^53, which covers 28 years at 10 MHz. */
export function writeU64(out: Uint8Array, at: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`cannot write ${value} as an unsigned 64-bit integer`);
  }
  writeU32(out, at, Math.floor(value / TWO_POW_32));
  writeU32(out, at + 4, value % TWO_POW_32);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A box: 32-bit size, type, then the payloads in order. */
export function box(type: string, ...payloads: Uint8Array[]): Uint8Array {
  let size = 8;
  for (const p of payloads) size += p.length;
  if (size >= TWO_POW_32)
    throw new RangeError(`box '${type}' would be ${size} bytes: too large for a 32-bit size`);
  const out = new Uint8Array(size);
  writeU32(out, 0, size);
  out.set(fourcc(type), 4);
  let at = 8;
  for (const p of payloads) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A full box: a box whose payload starts with an 8-bit version and 24-bit flags. */
export function fullBox(type: string, version: number, flags: number, ...payloads: Uint8Array[]): Uint8Array {
  const header = Uint8Array.of(version & 0xff, (flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff);
  return box(type, header, ...payloads);
}

/** The 16 bytes of a UUID written as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
export function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`'${uuid}' is not a UUID`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
