/**
 * One media segment (DASH/HLS CMAF) or Smooth fragment of one track: the header built in memory
 * ([styp] moof mdat-header) followed by the sample bytes as ranges of the source MP4, which the HTTP
 * layer streams. Timing rules: fragment-timing.ts.
 */
import type { Body, BodyPart, FileRange } from '../types/body.ts';
import type { PresentationTrack } from '../types/media.ts';
import { concat } from '../mp4/write-box.ts';
import { segmentType } from './file-type-boxes.ts';
import type { SegmentFlavor } from './flavor.ts';
import { fmp4TrackId } from './track-id.ts';
import type { TrackRun } from '../mp4/fragment-boxes.ts';
import {
  NON_SYNC_SAMPLE_FLAGS,
  SYNC_SAMPLE_FLAGS,
  mdatHeader,
  mfhd,
  moof,
  sdtp,
  sdtpDependency,
  tfdt,
  tfhd,
  tfxd,
  traf,
  trun,
  trunByteLength,
} from '../mp4/fragment-boxes.ts';
import { fragmentTiming, presentationDelay } from './fragment-timing.ts';

let flagScratch = new Uint32Array(512);

function sampleFlags(sync: Uint8Array, first: number, count: number): Uint32Array {
  if (flagScratch.length < count) flagScratch = new Uint32Array(Math.max(count, flagScratch.length * 2));
  const flags = flagScratch.subarray(0, count);
  for (let k = 0; k < count; k++) flags[k] = sync[first + k] ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS;
  return flags;
}

function dependencies(sync: Uint8Array, first: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let k = 0; k < count; k++) out[k] = sdtpDependency(sync[first + k] === 1);
  return out;
}

/** Adjacent samples become one range: a fragment of an interleaved file yields several. */
function sampleRanges(track: PresentationTrack, first: number, count: number): FileRange[] {
  const { offsets, sizes } = track.samples;
  const ranges: FileRange[] = [];
  let start = 0;
  let length = 0;
  for (let i = first; i < first + count; i++) {
    const offset = offsets[i]!;
    const size = sizes[i]!;
    if (length > 0 && offset === start + length) {
      length += size;
      continue;
    }
    if (length > 0) ranges.push({ path: track.file, offset: start, length });
    start = offset;
    length = size;
  }
  if (length > 0) ranges.push({ path: track.file, offset: start, length });
  return ranges;
}

/**
 * What an encrypted fragment changes: sample bytes encrypted in memory instead of file ranges (same
 * sizes), and sample-encryption boxes (senc/saiz/saio, or PIFF's) appended to the traf. `trafBoxes`
 * gets the offset of its first byte from the start of the moof (saio points into senc) and must
 * return the same total length for any offset.
 */
export interface SegmentProtection {
  readonly payload: Uint8Array;
  trafBoxes(offsetInMoof: number): readonly Uint8Array[];
  /** Boxes after the traf, inside the moof (a pssh for clients whose init segment lacks one). */
  readonly moofBoxes?: readonly Uint8Array[];
}

/**
 * @param sequenceNumber mfhd sequence number; defaults to the fragment's 1-based position, which
 *   stays increasing in every playlist and timeline made from the same fragments.
 */
export function buildMediaSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  sequenceNumber: number = fragmentIndex + 1,
  protection?: SegmentProtection,
): Body {
  const smooth = flavor === 'smooth';
  // DASH/HLS fMP4: non-negative offsets and the init segment's edit list (presentationDelay); Smooth
  // clients build their own init segment from the client manifest, without an edit: signed offsets.
  const timing = fragmentTiming(track, fragmentIndex, smooth ? 0 : presentationDelay(track));
  const { first, count } = timing;
  const { sync, sizes } = track.samples;
  const video = track.kind === 'video';

  const run: TrackRun = {
    count,
    durations: timing.durations,
    sizes: sizes.subarray(first, first + count),
    // Audio frames are all sync: one default in tfhd instead of a column.
    flags: video ? sampleFlags(sync, first, count) : undefined,
    compositionOffsets: video || timing.hasCompositionOffsets ? timing.compositionOffsets : undefined,
  };
  const header = tfhd(fmp4TrackId(track.kind), {
    defaultBaseIsMoof: !smooth,
    defaultSampleFlags: video ? undefined : SYNC_SAMPLE_FLAGS,
  });
  // tfdt in Smooth too: MS-SSTR clients skip it, MSE-based ones (dash.js) use it instead of guessing.
  const before = [header, tfdt(timing.baseDecodeTime)];
  const after: Uint8Array[] = [];
  if (smooth) {
    if (video) after.push(sdtp(dependencies(sync, first, count)));
    const { startTicks } = track.fragments;
    const start = startTicks[fragmentIndex]!;
    after.push(tfxd(start, startTicks[fragmentIndex + 1]! - start));
  }

  let payloadLength = 0;
  for (let k = 0; k < count; k++) payloadLength += run.sizes[k]!;
  const mdat = mdatHeader(payloadLength);
  const sequence = mfhd(sequenceNumber);
  let trafSize = 8 + trunByteLength(run);
  for (const b of before) trafSize += b.length;
  for (const b of after) trafSize += b.length;
  if (protection) {
    // Their offset inside the moof: moof and traf headers, mfhd, then the traf children before them.
    const at = 8 + sequence.length + trafSize;
    after.push(...protection.trafBoxes(at));
    trafSize += protection.trafBoxes(0).reduce((n, b) => n + b.length, 0);
    if (protection.payload.length !== payloadLength) {
      throw new RangeError(`encrypted payload is ${protection.payload.length} bytes, the samples ${payloadLength}`);
    }
  }
  const trailing = protection?.moofBoxes ?? [];
  const moofSize = 8 + sequence.length + trafSize + trailing.reduce((n, b) => n + b.length, 0);
  // Data offsets count from the first byte of the moof (default-base-is-moof, or Smooth's single traf).
  const fragment = moof(sequence, traf(...before, trun(run, moofSize + mdat.length), ...after), ...trailing);

  const typeBox = segmentType(flavor);
  const head = concat(typeBox ? [typeBox, fragment, mdat] : [fragment, mdat]);
  const parts: BodyPart[] = protection ? [head, protection.payload] : [head, ...sampleRanges(track, first, count)];
  return { parts, length: head.length + payloadLength };
}
