/**
 * A cheap completeness check for ISO-BMFF files (MP4/MOV/M4A/3GP), which ffprobe cannot make: a
 * faststart MP4 whose copy was interrupted still has its whole index (moov) up front, so ffprobe reports
 * the full duration and ffmpeg later "succeeds" on half the file (encoding.md §5).
 *
 * It reads only box headers and the moov: the top-level boxes are walked in the file (a box that declares
 * more bytes than the file holds marks a cut), then every track's sample table (stsc/stsz/stco/stts),
 * read with packaging-core's box reader, gives the byte end of each sample, so "all samples present" is
 * exact even when a box header lies (an mdat size a few bytes too large is a harmless header error, not a
 * truncation).
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { type Box, BoxFormatError, childBoxes, findChild, findPath, fullBoxHeader } from '../../../packaging-core/index.ts';

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

interface TrackCoverage {
  readonly total: number;
  readonly present: number;
  readonly end: number;
  readonly playableSec: number | null;
}

/** Walks one track's samples in chunk order and finds which ones lie inside the file. */
function trackCoverage(view: DataView, trak: Box, fileSize: number): TrackCoverage | null {
  const stbl = findPath(view, trak, ['mdia', 'minf', 'stbl']);
  const mdhd = findPath(view, trak, ['mdia', 'mdhd']);
  if (!stbl || !mdhd) return null;
  const { version, body: mdhdBody } = fullBoxHeader(view, mdhd);
  const timescale = view.getUint32(mdhdBody + (version === 1 ? 16 : 8));

  const stsz = findChild(view, stbl, 'stsz');
  const stco = findChild(view, stbl, 'stco');
  const co64 = findChild(view, stbl, 'co64');
  const stsc = findChild(view, stbl, 'stsc');
  const stts = findChild(view, stbl, 'stts');
  if (!stsz || !stsc || (!stco && !co64)) return null; // stz2 (compact sizes) is rare: not checked

  // Full boxes: their entries start after version and flags.
  const sz = stsz.payload + 4;
  const fixedSize = view.getUint32(sz);
  const sampleCount = view.getUint32(sz + 4);
  const sizeAt = (i: number): number => (fixedSize !== 0 ? fixedSize : view.getUint32(sz + 8 + i * 4));
  const offsets = co64 ?? stco!;
  const chunkCount = view.getUint32(offsets.payload + 4);
  const chunkOffset = (i: number): number =>
    co64 ? Number(view.getBigUint64(co64.payload + 8 + i * 8)) : view.getUint32(offsets.payload + 8 + i * 4);
  const stscCount = view.getUint32(stsc.payload + 4);
  const stscEntry = (i: number): { firstChunk: number; perChunk: number } => ({
    firstChunk: view.getUint32(stsc.payload + 8 + i * 12),
    perChunk: view.getUint32(stsc.payload + 12 + i * 12),
  });
  const sttsCount = stts ? view.getUint32(stts.payload + 4) : 0;

  let sample = 0;
  let present = 0;
  let end = 0;
  let firstMissingTime: number | null = null;
  // stts cursor: time of the current sample.
  let time = 0;
  let sttsIndex = 0;
  let sttsLeft = sttsCount > 0 && stts ? view.getUint32(stts.payload + 8) : 0;
  const advanceTime = (): void => {
    if (!stts || sttsIndex >= sttsCount) return;
    time += view.getUint32(stts.payload + 12 + sttsIndex * 8);
    sttsLeft -= 1;
    while (sttsLeft <= 0 && ++sttsIndex < sttsCount) sttsLeft = view.getUint32(stts.payload + 8 + sttsIndex * 8);
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
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  let tracks: TrackCoverage[];
  try {
    tracks = childBoxes(view, 8, moov.length)
      .filter((b) => b.type === 'trak')
      .map((t) => trackCoverage(view, t, fileSize))
      .filter((t): t is TrackCoverage => t != null && t.total > 0);
  } catch (err) {
    // A moov whose own boxes are inconsistent says nothing reliable about the samples (the probe and the
    // origin report such a file); a table read past its box is the same.
    if (err instanceof BoxFormatError || err instanceof RangeError) return null;
    throw err;
  }
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
