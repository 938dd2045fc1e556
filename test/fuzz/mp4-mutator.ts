/**
 * Structure-aware mutation of an MP4 file: most mutations set one field of the index (a sample count,
 * a duration, a timescale, an edit, a chunk offset) to a value chosen to break assumptions; others
 * overwrite bytes inside a box (moov or the sample data). A mutation list is the reproducer: it names
 * fields and boxes, not absolute offsets.
 */
import { type Mp4BoxSpan, type Mp4Field, mp4Layout, readField } from './mp4-fields.ts';
import type { Prng } from './prng.ts';

export type Mp4Mutation =
  /** Set a named field (decimal string for values beyond 2^53). */
  | { readonly field: string; readonly value: number | string }
  /** Overwrite bytes at `at` bytes into the n-th box with that path (hex). */
  | { readonly box: string; readonly at: number; readonly hex: string };

export interface Mp4Base {
  readonly bytes: Buffer;
  readonly fields: readonly Mp4Field[];
  readonly boxes: readonly Mp4BoxSpan[];
}

export function mp4Base(bytes: Buffer): Mp4Base {
  return { bytes, ...mp4Layout(bytes) };
}

const INTERESTING = [0, 1, 2, 3, 7, 0x7f, 0x80, 0xff, 0x100, 0x3e8, 0x7fff, 0x8000, 0xffff, 0x10000, 0x01000000, 0x10000000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** Fields that drive timing and sample layout are mutated most: that is where the bugs were. */
function weight(field: Mp4Field): number {
  if (/\.size$/.test(field.name)) return 1;
  if (/stts|ctts|elst|mdhd\.timescale|stsz\.sample_count|stsc/.test(field.name)) return 6;
  return 3;
}

function pickField(base: Mp4Base, rng: Prng): Mp4Field {
  const total = base.fields.reduce((n, f) => n + weight(f), 0);
  let r = rng.next() * total;
  for (const f of base.fields) if ((r -= weight(f)) < 0) return f;
  return base.fields[base.fields.length - 1]!;
}

function newValue(old: bigint, width: number, rng: Prng): bigint {
  const max = (1n << BigInt(width * 8)) - 1n;
  const o = Number(old);
  const options = [
    () => BigInt(rng.pick(INTERESTING)),
    () => old + 1n,
    () => old - 1n,
    () => old * 2n,
    () => old / 2n,
    () => old << 8n,
    () => BigInt(Math.floor(o * (0.5 + rng.next()))),
    () => BigInt(rng.int(0x100000000)),
    () => max - BigInt(rng.int(4)),
  ];
  return BigInt.asUintN(width * 8, rng.pick(options)()) & max;
}

/** One to four mutations for one input. */
export function mutateMp4(base: Mp4Base, rng: Prng): Mp4Mutation[] {
  const out: Mp4Mutation[] = [];
  const n = 1 + (rng.chance(0.5) ? 0 : rng.int(4));
  const moovBoxes = base.boxes.filter((b) => b.path.startsWith('moov'));
  const mdat = base.boxes.filter((b) => b.type === 'mdat');
  for (let k = 0; k < n; k++) {
    const r = rng.next();
    if (r < 0.7 && base.fields.length > 0) {
      const field = pickField(base, rng);
      const value = newValue(readField(base.bytes, field), field.width, rng);
      out.push({ field: field.name, value: value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString() });
    } else if (r < 0.85 && moovBoxes.length > 0) {
      const box = rng.pick(moovBoxes);
      const length = 1 + rng.int(4);
      const at = rng.int(Math.max(1, box.end - box.start - length));
      out.push({ box: box.path, at, hex: Buffer.from(Array.from({ length }, () => rng.int(256))).toString('hex') });
    } else if (mdat.length > 0) {
      // Sample data: NAL length prefixes and slice bytes reach the TS and CENC writers.
      const box = rng.pick(mdat);
      const at = 8 + rng.int(Math.max(1, Math.min(box.end - box.start - 12, 1 << 20)));
      out.push({ box: 'mdat', at, hex: Buffer.from(Array.from({ length: 1 + rng.int(4) }, () => rng.int(256))).toString('hex') });
    }
  }
  return out;
}

/** Where each mutation writes, against the unmutated layout (patches never move boxes). */
export function mutationPatches(base: Mp4Base, mutations: readonly Mp4Mutation[]): { offset: number; bytes: Buffer }[] {
  return mutations.map((m) => {
    if ('field' in m) {
      const field = base.fields.find((f) => f.name === m.field);
      if (!field) throw new Error(`the base file has no field ${m.field}`);
      const bytes = Buffer.alloc(field.width);
      const v = BigInt.asUintN(field.width * 8, BigInt(m.value));
      if (field.width === 8) bytes.writeBigUInt64BE(v);
      else if (field.width === 4) bytes.writeUInt32BE(Number(v));
      else bytes.writeUInt16BE(Number(v));
      return { offset: field.offset, bytes };
    }
    const box = base.boxes.find((b) => b.path === m.box);
    if (!box) throw new Error(`the base file has no box ${m.box}`);
    const bytes = Buffer.from(m.hex, 'hex');
    const offset = Math.min(box.start + m.at, box.end - bytes.length);
    return { offset, bytes };
  });
}
