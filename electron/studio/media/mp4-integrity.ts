/**
 * A cheap completeness check for ISO-BMFF files (MP4/MOV/M4A/3GP), which ffprobe cannot make: a
 * faststart MP4 whose copy was interrupted still has its whole index (moov) up front, so ffprobe reports
 * the full duration and ffmpeg later "succeeds" on half the file (encoding.md §5).
 *
 * It reads only box headers and the moov: the top-level boxes are walked (a box that declares more bytes
 * than the file holds marks a cut), then every track's sample table (stsc/stsz/stco/stts) gives the byte
 * end of each sample, so "all samples present" is exact even when a box header lies (an mdat size a few
 * bytes too large is a harmless header error, not a truncation).
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export interface TopLevelBox {
  readonly type: string;
  readonly offset: number;
  /** Declared size (a size-0 "to end of file" box gets the remaining bytes). */
  readonly size: number;
}

export interface SampleCoverage {
  readonly totalSamples: number;
  readonly presentSamples: number;
  /** The byte offset where the last sample ends, i.e. the file size the index needs. */
  readonly declaredBytes: number;
  /** Media time (s) up to the first missing sample of the earliest-cut track; null when none is missing. */
  readonly playableSec: number | null;
}

export interface Mp4Integrity {
  readonly fileSize: number;
  readonly boxes: readonly TopLevelBox[];
  readonly hasMoov: boolean;
  readonly hasMdat: boolean;
  readonly fragmented: boolean;
  /** The first top-level box reaching past the end of the file. */
  readonly overrun: { readonly type: string; readonly missingBytes: number } | null;
  /** From the moov's sample tables; null for fragmented files, a missing/cut moov or a moov too large to read. */
  readonly samples: SampleCoverage | null;
}

const FIRST_BOX_TYPES = new Set(['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'sidx', 'uuid']);
const MAX_BOXES = 1_000_000;
const MAX_MOOV_BYTES = 256 << 20;

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  return buf.subarray(0, bytesRead);
}

function typeOf(buf: Buffer, at: number): string {
  return buf.toString('latin1', at, at + 4);
}

async function walkTopLevel(fh: FileHandle, fileSize: number): Promise<TopLevelBox[] | null> {
  const boxes: TopLevelBox[] = [];
  let pos = 0;
  while (pos + 8 <= fileSize && boxes.length < MAX_BOXES) {
    const h = await readAt(fh, pos, 16);
    if (h.length < 8) break;
    const type = typeOf(h, 4);
    if (boxes.length === 0 && !FIRST_BOX_TYPES.has(type)) return null;
    if (!/^[\x20-\x7e]{4}$/.test(type)) break;
    let size = h.readUInt32BE(0);
    if (size === 1) {
      if (h.length < 16) break;
      size = Number(h.readBigUInt64BE(8));
    } else if (size === 0) {
      size = fileSize - pos;
    }
    if (size < 8) break;
    boxes.push({ type, offset: pos, size });
    pos += size;
  }
  return boxes.length > 0 ? boxes : null;
}

interface Box {
  readonly type: string;
  /** Payload start and end inside the buffer. */
  readonly start: number;
  readonly end: number;
}

function childBoxes(buf: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    let size = buf.readUInt32BE(pos);
    let header = 8;
    if (size === 1 && pos + 16 <= end) {
      size = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) {
      size = end - pos;
    }
    if (size < header || pos + size > end) break;
    out.push({ type: typeOf(buf, pos + 4), start: pos + header, end: pos + size });
    pos += size;
  }
  return out;
}

function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  return childBoxes(buf, parent.start, parent.end).find((b) => b.type === type);
}

interface TrackCoverage {
  readonly total: number;
  readonly present: number;
  readonly end: number;
  readonly playableSec: number | null;
}

/** Walks one track's samples in chunk order and finds which ones lie inside the file. */
function trackCoverage(buf: Buffer, trak: Box, fileSize: number): TrackCoverage | null {
  const mdia = child(buf, trak, 'mdia');
  const minf = mdia && child(buf, mdia, 'minf');
  const stbl = minf && child(buf, minf, 'stbl');
  const mdhd = mdia && child(buf, mdia, 'mdhd');
  if (!stbl || !mdhd) return null;
  const version = buf.readUInt8(mdhd.start);
  const timescale = buf.readUInt32BE(mdhd.start + (version === 1 ? 20 : 12));

  const stsz = child(buf, stbl, 'stsz');
  const stco = child(buf, stbl, 'stco');
  const co64 = child(buf, stbl, 'co64');
  const stsc = child(buf, stbl, 'stsc');
  const stts = child(buf, stbl, 'stts');
  if (!stsz || !stsc || (!stco && !co64)) return null; // stz2 (compact sizes) is rare: not checked

  const fixedSize = buf.readUInt32BE(stsz.start + 4);
  const sampleCount = buf.readUInt32BE(stsz.start + 8);
  const sizeAt = (i: number): number => (fixedSize !== 0 ? fixedSize : buf.readUInt32BE(stsz.start + 12 + i * 4));
  const offsets = co64 ?? stco!;
  const chunkCount = buf.readUInt32BE(offsets.start + 4);
  const chunkOffset = (i: number): number =>
    co64 ? Number(buf.readBigUInt64BE(co64.start + 8 + i * 8)) : buf.readUInt32BE(offsets.start + 8 + i * 4);
  const stscCount = buf.readUInt32BE(stsc.start + 4);
  const stscEntry = (i: number): { firstChunk: number; perChunk: number } => ({
    firstChunk: buf.readUInt32BE(stsc.start + 8 + i * 12),
    perChunk: buf.readUInt32BE(stsc.start + 12 + i * 12),
  });
  const sttsCount = stts ? buf.readUInt32BE(stts.start + 4) : 0;

  let sample = 0;
  let present = 0;
  let end = 0;
  let firstMissingTime: number | null = null;
  // stts cursor: time of the current sample.
  let time = 0;
  let sttsIndex = 0;
  let sttsLeft = sttsCount > 0 && stts ? buf.readUInt32BE(stts.start + 8) : 0;
  const advanceTime = (): void => {
    if (!stts || sttsIndex >= sttsCount) return;
    time += buf.readUInt32BE(stts.start + 12 + sttsIndex * 8);
    sttsLeft -= 1;
    while (sttsLeft <= 0 && ++sttsIndex < sttsCount) sttsLeft = buf.readUInt32BE(stts.start + 8 + sttsIndex * 8);
  };

  let entry = 0;
  for (let chunk = 1; chunk <= chunkCount && sample < sampleCount; chunk++) {
    while (entry + 1 < stscCount && stscEntry(entry + 1).firstChunk <= chunk) entry++;
    const perChunk = stscCount > 0 ? stscEntry(entry).perChunk : 0;
    let pos = chunkOffset(chunk - 1);
    for (let k = 0; k < perChunk && sample < sampleCount; k++, sample++) {
      const sampleEnd = pos + sizeAt(sample);
      end = Math.max(end, sampleEnd);
      if (sampleEnd <= fileSize) present++;
      else if (firstMissingTime == null) firstMissingTime = time;
      pos = sampleEnd;
      advanceTime();
    }
  }
  return {
    total: sampleCount,
    present,
    end,
    playableSec: firstMissingTime != null && timescale > 0 ? firstMissingTime / timescale : null,
  };
}

function sampleCoverage(moov: Buffer, fileSize: number): SampleCoverage | null {
  const root: Box = { type: 'moov', start: 8, end: moov.length };
  const tracks = childBoxes(moov, root.start, root.end)
    .filter((b) => b.type === 'trak')
    .map((t) => trackCoverage(moov, t, fileSize))
    .filter((t): t is TrackCoverage => t != null && t.total > 0);
  if (tracks.length === 0) return null;
  const cut = tracks.map((t) => t.playableSec).filter((s): s is number => s != null);
  return {
    totalSamples: tracks.reduce((n, t) => n + t.total, 0),
    presentSamples: tracks.reduce((n, t) => n + t.present, 0),
    declaredBytes: Math.max(...tracks.map((t) => t.end)),
    playableSec: cut.length > 0 ? Math.min(...cut) : null,
  };
}

/** Checks an ISO-BMFF file; null when the file is not ISO-BMFF (MKV, TS, text …). */
export async function checkMp4Integrity(file: string): Promise<Mp4Integrity | null> {
  const fh = await open(file, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    const boxes = await walkTopLevel(fh, fileSize);
    if (boxes == null) return null;
    const over = boxes.find((b) => b.offset + b.size > fileSize);
    const moov = boxes.find((b) => b.type === 'moov');
    const fragmented = boxes.some((b) => b.type === 'moof');
    let samples: SampleCoverage | null = null;
    if (moov && !fragmented && moov.offset + moov.size <= fileSize && moov.size <= MAX_MOOV_BYTES) {
      samples = sampleCoverage(await readAt(fh, moov.offset, moov.size), fileSize);
    }
    return {
      fileSize,
      boxes,
      hasMoov: moov != null,
      hasMdat: boxes.some((b) => b.type === 'mdat'),
      fragmented,
      overrun: over ? { type: over.type, missingBytes: over.offset + over.size - fileSize } : null,
      samples,
    };
  } finally {
    await fh.close();
  }
}
