/** A minimal ISO BMFF reader for the tests: find boxes by path, read their payloads. */
export interface FoundBox {
  readonly type: string;
  readonly start: number;
  readonly size: number;
  readonly payload: Buffer;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'moof', 'traf', 'sinf', 'schi', 'mvex']);
const SAMPLE_ENTRY_CHILDREN: Record<string, number> = { encv: 78, enca: 28, avc1: 78, mp4a: 28 };

export function boxes(b: Buffer, start = 0, end = b.length, out: FoundBox[] = []): FoundBox[] {
  let at = start;
  while (at + 8 <= end) {
    const size = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    out.push({ type, start: at, size, payload: b.subarray(at + 8, at + size) });
    if (CONTAINERS.has(type)) boxes(b, at + 8, at + size, out);
    if (type === 'stsd') boxes(b, at + 16, at + size, out);
    const skip = SAMPLE_ENTRY_CHILDREN[type];
    if (skip !== undefined) boxes(b, at + 8 + skip, at + size, out);
    at += size;
  }
  return out;
}

export function only(all: readonly FoundBox[], type: string): FoundBox {
  const found = all.filter((x) => x.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}
