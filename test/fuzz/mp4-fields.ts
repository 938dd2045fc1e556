/**
 * The numeric fields of an MP4's index, by name and byte position, so tests and the fuzzer can patch
 * exactly one value ("moov/trak[2]/mdia/mdhd.timescale" = 2) in a real file. Names, not offsets, are
 * what reproducers store: they stay valid when a fixture is re-made with other byte positions.
 */

export interface Mp4Field {
  /** `moov/trak[2]/mdia/minf/stbl/stts.entry[0].delta` */
  readonly name: string;
  readonly offset: number;
  /** Bytes: 2, 4 or 8 (big-endian unsigned). */
  readonly width: 2 | 4 | 8;
}

export interface Mp4BoxSpan {
  /** `moov/trak[2]/mdia` */
  readonly path: string;
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'mvex']);
/** Table entries listed per box: the first few and the last few (any entry is reachable by box offset). */
const EDGE_ENTRIES = 6;

function entryIndexes(count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (i < EDGE_ENTRIES || i >= count - 2) out.push(i);
  return out;
}

function fullBoxFields(buf: Buffer, type: string, path: string, body: number, end: number, add: (name: string, offset: number, width: 2 | 4 | 8) => void): void {
  const version = buf[body - 4] ?? 0;
  const room = (at: number, n: number) => at + n <= end;
  const table = (countAt: number, entrySize: number, columns: readonly [string, number, 2 | 4 | 8][]) => {
    if (!room(countAt, 4)) return;
    add(`${path}.entry_count`, countAt, 4);
    const count = buf.readUInt32BE(countAt);
    const first = countAt + 4;
    const fits = Math.max(0, Math.floor((end - first) / entrySize));
    for (const i of entryIndexes(Math.min(count, fits))) {
      for (const [column, at, width] of columns) add(`${path}.entry[${i}].${column}`, first + i * entrySize + at, width);
    }
  };
  switch (type) {
    case 'mvhd':
    case 'mdhd':
      if (version === 1 && room(body, 28)) {
        add(`${path}.timescale`, body + 16, 4);
        add(`${path}.duration`, body + 20, 8);
      } else if (room(body, 16)) {
        add(`${path}.timescale`, body + 8, 4);
        add(`${path}.duration`, body + 12, 4);
      }
      return;
    case 'tkhd':
      if (room(body, 12)) add(`${path}.track_ID`, body + (version === 1 ? 16 : 8), 4);
      return;
    case 'stts':
      return table(body, 8, [['count', 0, 4], ['delta', 4, 4]]);
    case 'ctts':
      return table(body, 8, [['count', 0, 4], ['offset', 4, 4]]);
    case 'stsc':
      return table(body, 12, [['first_chunk', 0, 4], ['samples_per_chunk', 4, 4], ['description_index', 8, 4]]);
    case 'stco':
      return table(body, 4, [['offset', 0, 4]]);
    case 'co64':
      return table(body, 8, [['offset', 0, 8]]);
    case 'stss':
      return table(body, 4, [['number', 0, 4]]);
    case 'elst':
      return version === 1
        ? table(body, 20, [['segment_duration', 0, 8], ['media_time', 8, 8], ['media_rate', 16, 2]])
        : table(body, 12, [['segment_duration', 0, 4], ['media_time', 4, 4], ['media_rate', 8, 2]]);
    case 'stsz':
      if (!room(body, 8)) return;
      add(`${path}.sample_size`, body, 4);
      add(`${path}.sample_count`, body + 4, 4);
      for (const i of entryIndexes(Math.min(buf.readUInt32BE(body + 4), Math.floor((end - body - 8) / 4)))) add(`${path}.entry[${i}]`, body + 8 + i * 4, 4);
      return;
  }
}

/** Walks the box tree (top level, moov and its containers) and lists every box and known field. */
export function mp4Layout(buf: Buffer): { boxes: Mp4BoxSpan[]; fields: Mp4Field[] } {
  const boxes: Mp4BoxSpan[] = [];
  const fields: Mp4Field[] = [];
  const walk = (start: number, end: number, parent: string) => {
    const seen = new Map<string, number>();
    for (let at = start; at + 8 <= end; ) {
      let size = buf.readUInt32BE(at);
      const type = buf.toString('latin1', at + 4, at + 8);
      let header = 8;
      if (size === 1 && at + 16 <= end) {
        size = Number(buf.readBigUInt64BE(at + 8));
        header = 16;
      } else if (size === 0) {
        size = end - at;
      }
      if (size < header || at + size > end) break;
      const n = (seen.get(type) ?? 0) + 1;
      seen.set(type, n);
      const path = `${parent}${parent ? '/' : ''}${type}${type === 'trak' ? `[${n}]` : ''}`;
      boxes.push({ path, type, start: at, end: at + size });
      fields.push({ name: `${path}.size`, offset: at, width: 4 });
      if (CONTAINERS.has(type)) walk(at + header, at + size, path);
      else if (parent.startsWith('moov')) fullBoxFields(buf, type, path, at + header + 4, at + size, (name, offset, width) => fields.push({ name, offset, width }));
      at += size;
    }
  };
  walk(0, buf.length, '');
  return { boxes, fields };
}

export function findField(buf: Buffer, name: string): Mp4Field {
  const field = mp4Layout(buf).fields.find((f) => f.name === name);
  if (!field) throw new Error(`no field ${name} in this file`);
  return field;
}

/** Writes an unsigned big-endian value (wrapped to the field's width) into the buffer. */
export function writeField(buf: Buffer, field: Mp4Field, value: number | bigint): void {
  const v = BigInt.asUintN(field.width * 8, BigInt(value));
  if (field.width === 8) buf.writeBigUInt64BE(v, field.offset);
  else if (field.width === 4) buf.writeUInt32BE(Number(v), field.offset);
  else buf.writeUInt16BE(Number(v), field.offset);
}

export function readField(buf: Buffer, field: Mp4Field): bigint {
  if (field.width === 8) return buf.readBigUInt64BE(field.offset);
  return BigInt(field.width === 4 ? buf.readUInt32BE(field.offset) : buf.readUInt16BE(field.offset));
}

/** A copy of `buf` with the named fields set. */
export function patchFields(buf: Buffer, values: Readonly<Record<string, number | bigint>>): Buffer {
  const out = Buffer.from(buf);
  for (const [name, value] of Object.entries(values)) writeField(out, findField(out, name), value);
  return out;
}
