/**
 * One media segment (DASH/HLS CMAF) or Smooth fragment of one track: the header built in memory
 * ([styp] moof mdat-header) followed by the sample bytes. Clear, the samples are ranges of the source
 * MP4, which the HTTP layer streams. Encrypted, they are read (through the io/ layer's shared file
 * handles) and encrypted while the segment is built:
 *  - Common Encryption: each sample in place (sizes unchanged), described by senc + saiz + saio in
 *    the traf (PIFF's SampleEncryptionBox for Smooth), the key systems' pssh in Smooth's moof;
 *  - the HLS AES-128 envelope: the whole segment, header included, sealed in one buffer.
 * Timing rules: fragment-timing.ts.
 */
import type { Body, BodyPart, FileRange } from '../types/body.ts';
import type { PresentationTrack } from '../types/media.ts';
import type { FragmentCrypto, SampleAuxInfo, SegmentEnvelope, TrackCrypto } from '../types/protection.ts';
import { readSamples, type SampleBytes } from '../io/read-samples.ts';
import { piffSampleEncryption, saio, saiz, senc, sencInfoOffset } from '../mp4/sample-encryption-boxes.ts';
import { concat } from '../mp4/write-box.ts';
import { segmentType } from './file-type-boxes.ts';
import type { SegmentFlavor } from '../formats/fmp4-flavor.ts';
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

/** Boxes an encrypted fragment adds to its moof. */
interface ProtectionBoxes {
  /** After the traf's other children; the first box starts `offsetInMoof` bytes into the moof. */
  trafBoxes(offsetInMoof: number): readonly Uint8Array[];
  /** After the traf, inside the moof. */
  readonly moofBoxes: readonly Uint8Array[];
}

/** The fragment's header ([styp] moof mdat-header) and where its samples are. */
function fragmentHeader(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  sequenceNumber: number,
  protection?: ProtectionBoxes,
): { head: Uint8Array; first: number; count: number; payloadLength: number } {
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
    const boxes = protection.trafBoxes(8 + sequence.length + trafSize);
    after.push(...boxes);
    for (const b of boxes) trafSize += b.length;
  }
  const trailing = protection?.moofBoxes ?? [];
  const moofSize = 8 + sequence.length + trafSize + trailing.reduce((n, b) => n + b.length, 0);
  // Data offsets count from the first byte of the moof (default-base-is-moof, or Smooth's single traf).
  const fragment = moof(sequence, traf(...before, trun(run, moofSize + mdat.length), ...after), ...trailing);

  const typeBox = segmentType(flavor);
  const head = concat(typeBox ? [typeBox, fragment, mdat] : [fragment, mdat]);
  return { head, first, count, payloadLength };
}

/** The sample numbers [first, first + count) of fragment `fragmentIndex` (a RangeError past the end). */
function fragmentSamples(track: PresentationTrack, fragmentIndex: number): { first: number; count: number } {
  const { firstSample } = track.fragments;
  if (!Number.isInteger(fragmentIndex) || fragmentIndex < 0 || fragmentIndex >= firstSample.length - 1) {
    throw new RangeError(`track ${track.key} has ${firstSample.length - 1} fragments; there is no fragment ${fragmentIndex}`);
  }
  const first = firstSample[fragmentIndex]!;
  return { first, count: firstSample[fragmentIndex + 1]! - first };
}

/** The samples [first, first + count) of the track, read from its file. */
function readFragmentSamples(track: PresentationTrack, first: number, count: number): Promise<SampleBytes> {
  const indices = new Uint32Array(count);
  for (let k = 0; k < count; k++) indices[k] = first + k;
  return readSamples(track, indices);
}

/** The samples laid end to end in `out` from `at` (a fragment of an interleaved file has gaps in `data`). */
function placeSamples(track: PresentationTrack, first: number, read: SampleBytes, out: Uint8Array, at: number): void {
  const { sizes } = track.samples;
  for (let k = 0; k < read.at.length; k++) {
    const from = read.at[k]!;
    const size = sizes[first + k]!;
    out.set(read.data.subarray(from, from + size), at);
    at += size;
  }
}

/**
 * Common Encryption while building: the samples are read, encrypted in place one by one, and what
 * each needs to be decrypted (IV, subsample map) is written as senc + saiz + saio.
 */
async function commonEncryptedSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  sequenceNumber: number,
  crypto: TrackCrypto,
): Promise<Body> {
  const { first, count } = fragmentSamples(track, fragmentIndex);
  const read = await readFragmentSamples(track, first, count);
  const { sizes } = track.samples;
  let payloadLength = 0;
  for (let k = 0; k < count; k++) payloadLength += sizes[first + k]!;
  // A fragment of a video-only file is one contiguous read: encrypted where it was read.
  const dense = read.at.every((at, k) => k === 0 ? at === 0 : at === read.at[k - 1]! + sizes[first + k - 1]!);
  let payload: Uint8Array;
  if (dense) {
    payload = read.data.subarray(0, payloadLength);
  } else {
    payload = new Uint8Array(payloadLength);
    placeSamples(track, first, read, payload, 0);
  }
  const infos: SampleAuxInfo[] = [];
  for (let k = 0, at = 0; k < count; k++) {
    const size = sizes[first + k]!;
    infos.push(crypto.encryptSample(payload.subarray(at, at + size), first + k));
    at += size;
  }
  const smooth = flavor === 'smooth';
  // cbcs audio (constant IV, whole samples) has no per-sample information to describe.
  const described = infos.some((s) => s.iv.length > 0 || s.subsamples !== undefined);
  const { head } = fragmentHeader(track, fragmentIndex, flavor, sequenceNumber, {
    trafBoxes: (offset) => {
      if (!described) return [];
      // saio points at the first sample's entry inside the senc (or PIFF) box that precedes it.
      const info = smooth ? piffSampleEncryption(infos) : senc(infos);
      return [info, saiz(infos), saio(offset + sencInfoOffset(smooth))];
    },
    // Smooth has no init segment to carry psshs: clients build their own from the manifest's
    // PlayReady-format header, so ClearKey players find the key id in each fragment's pssh.
    moofBoxes: smooth ? crypto.pssh : [],
  });
  return { parts: [head, payload], length: head.length + payloadLength };
}

/** The AES-128 envelope while building: header and samples laid out in one buffer, sealed in place. */
async function envelopedSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  sequenceNumber: number,
  envelope: SegmentEnvelope,
): Promise<Body> {
  const { head, first, count, payloadLength } = fragmentHeader(track, fragmentIndex, flavor, sequenceNumber);
  const read = await readFragmentSamples(track, first, count);
  const clearLength = head.length + payloadLength;
  const out = new Uint8Array(envelope.sealedLength(clearLength));
  out.set(head, 0);
  placeSamples(track, first, read, out, head.length);
  const sealed = envelope.seal(out, clearLength);
  return { parts: [sealed], length: sealed.length };
}

/**
 * @param sequenceNumber mfhd sequence number; defaults to the fragment's 1-based position, which
 *   stays increasing in every playlist and timeline made from the same fragments.
 * @param crypto absent: clear, built synchronously with the samples as file ranges; present: the
 *   segment encrypted while it is built (its samples are read first, hence a promise).
 */
export function buildMediaSegment(track: PresentationTrack, fragmentIndex: number, flavor: SegmentFlavor, sequenceNumber?: number): Body;
export function buildMediaSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  sequenceNumber: number | undefined,
  crypto: FragmentCrypto,
): Promise<Body>;
export function buildMediaSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  sequenceNumber?: number,
  crypto?: FragmentCrypto,
): Body | Promise<Body>;
export function buildMediaSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  sequenceNumber = fragmentIndex + 1,
  crypto?: FragmentCrypto,
): Body | Promise<Body> {
  if (crypto?.kind === 'common') return commonEncryptedSegment(track, fragmentIndex, flavor, sequenceNumber, crypto);
  if (crypto?.kind === 'envelope') return envelopedSegment(track, fragmentIndex, flavor, sequenceNumber, crypto);
  const { head, first, count, payloadLength } = fragmentHeader(track, fragmentIndex, flavor, sequenceNumber);
  const parts: BodyPart[] = [head, ...sampleRanges(track, first, count)];
  return { parts, length: head.length + payloadLength };
}
