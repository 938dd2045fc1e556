/** A minimal ISO BMFF walker for the tests: independent of the code under test. */
export interface ParsedBox {
  readonly type: string;
  readonly start: number;
  readonly size: number;
  /** Payload bytes (after size/type/largesize and, for uuid, the 16-byte user type). */
  readonly payload: Uint8Array;
  readonly children: ParsedBox[];
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'dinf', 'stbl', 'mvex', 'moof', 'traf']);

export function readBoxes(bytes: Uint8Array, start = 0, end = bytes.length): ParsedBox[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ParsedBox[] = [];
  let at = start;
  while (at < end) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    let headerSize = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      headerSize = 16;
    }
    if (type === 'uuid') headerSize += 16;
    // A header-only segment ends with an mdat header whose payload lives elsewhere.
    if (type === 'mdat' && at + size > end) size = end - at;
    if (size < headerSize || at + size > end) throw new Error(`bad box '${type}' at ${at}: size ${size}`);
    const payload = bytes.subarray(at + headerSize, at + size);
    const children = CONTAINERS.has(type) ? readBoxes(bytes, at + headerSize, at + size) : [];
    out.push({ type, start: at, size, payload, children });
    at += size;
  }
  return out;
}

export function child(parent: { children: ParsedBox[] } | ParsedBox[], type: string): ParsedBox {
  const list = Array.isArray(parent) ? parent : parent.children;
  const found = list.find((b) => b.type === type);
  if (!found) throw new Error(`no '${type}' among ${list.map((b) => b.type).join(',')}`);
  return found;
}

export function path(boxes: ParsedBox[], ...types: string[]): ParsedBox {
  let list = boxes;
  let found: ParsedBox | undefined;
  for (const t of types) {
    found = child(list, t);
    list = found.children;
  }
  if (!found) throw new Error('empty path');
  return found;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Hex from a commented template: whitespace and `#…` comments to end of line are ignored. */
export function h(template: string): string {
  return template
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('')
    .replace(/\s+/g, '')
    .toLowerCase();
}
