/**
 * The boxes of a movie fragment (ISO/IEC 14496-12 §8.8) and Smooth Streaming's `tfxd` (MS-SSTR
 * 2.2.4.4). `traf` takes any children in order, so sample-encryption boxes (senc/saiz/saio) can be
 * appended later next to `trun`.
 */
import { box, fullBox, u32, u64, uuidBytes, writeU32, writeU64 } from './write-box.ts';

/** Sample flags: sample_depends_on = 2 (an IDR/audio frame decodes alone). */
export const SYNC_SAMPLE_FLAGS = 0x0200_0000;
/** Sample flags: sample_depends_on = 1 and sample_is_non_sync_sample. */
export const NON_SYNC_SAMPLE_FLAGS = 0x0101_0000;

export function moof(...children: Uint8Array[]): Uint8Array {
  return box('moof', ...children);
}

export function mfhd(sequenceNumber: number): Uint8Array {
  return fullBox('mfhd', 0, 0, u32(sequenceNumber));
}

export function traf(...children: Uint8Array[]): Uint8Array {
  return box('traf', ...children);
}

const TFHD_DEFAULT_SAMPLE_FLAGS = 0x00_0020;
const TFHD_DEFAULT_BASE_IS_MOOF = 0x02_0000;

export interface FragmentHeaderOptions {
  /** Data offsets count from the moof (CMAF/DASH rule; older Smooth readers predate the flag). */
  readonly defaultBaseIsMoof: boolean;
  /** Flags for every sample when the trun carries none (audio). */
  readonly defaultSampleFlags?: number | undefined;
}

export function tfhd(trackId: number, options: FragmentHeaderOptions): Uint8Array {
  let flags = options.defaultBaseIsMoof ? TFHD_DEFAULT_BASE_IS_MOOF : 0;
  const fields = [u32(trackId)];
  if (options.defaultSampleFlags !== undefined) {
    flags |= TFHD_DEFAULT_SAMPLE_FLAGS;
    fields.push(u32(options.defaultSampleFlags));
  }
  return fullBox('tfhd', 0, flags, ...fields);
}

/** Version 1: a 64-bit base media decode time. */
export function tfdt(baseMediaDecodeTime: number): Uint8Array {
  return fullBox('tfdt', 1, 0, u64(baseMediaDecodeTime));
}

/**
 * The samples of one run. Arrays may be longer than `count` (scratch buffers); optional columns are
 * left out of the box when absent.
 */
export interface TrackRun {
  readonly count: number;
  readonly durations: Uint32Array;
  readonly sizes: Uint32Array;
  readonly flags?: Uint32Array | undefined;
  /** Signed (trun version 1): pts = dts + offset. */
  readonly compositionOffsets?: Int32Array | undefined;
}

const TRUN_DATA_OFFSET = 0x00_0001;
const TRUN_DURATION = 0x00_0100;
const TRUN_SIZE = 0x00_0200;
const TRUN_FLAGS = 0x00_0400;
const TRUN_COMPOSITION_OFFSET = 0x00_0800;

function trunFlags(run: TrackRun): number {
  let flags = TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE;
  if (run.flags) flags |= TRUN_FLAGS;
  if (run.compositionOffsets) flags |= TRUN_COMPOSITION_OFFSET;
  return flags;
}

function trunEntrySize(run: TrackRun): number {
  return 8 + (run.flags ? 4 : 0) + (run.compositionOffsets ? 4 : 0);
}

/** Size of `trun(run, …)` in bytes, so the moof size (and the data offset) is known before writing it. */
export function trunByteLength(run: TrackRun): number {
  return 20 + run.count * trunEntrySize(run);
}

/**
 * Version 1 track run. Written straight into one buffer of its final size: at 60 samples per 2 s
 * fragment this is the only part of a header that grows with the content.
 */
export function trun(run: TrackRun, dataOffset: number): Uint8Array {
  const size = trunByteLength(run);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, size);
  out.set([0x74, 0x72, 0x75, 0x6e], 4); // 'trun'
  view.setUint32(8, 0x0100_0000 | trunFlags(run)); // version 1
  view.setUint32(12, run.count);
  view.setInt32(16, dataOffset);
  const { durations, sizes, flags, compositionOffsets } = run;
  let at = 20;
  for (let i = 0; i < run.count; i++) {
    view.setUint32(at, durations[i]!);
    view.setUint32(at + 4, sizes[i]!);
    at += 8;
    if (flags) {
      view.setUint32(at, flags[i]!);
      at += 4;
    }
    if (compositionOffsets) {
      view.setInt32(at, compositionOffsets[i]!);
      at += 4;
    }
  }
  return out;
}

/** Sample dependency bytes, one per sample (is_leading, depends_on, is_depended_on, redundancy). */
export function sdtp(dependencies: Uint8Array): Uint8Array {
  return fullBox('sdtp', 0, 0, dependencies);
}

/** sdtp byte for a sample: sample_depends_on 2 (sync) or 1 (others); the rest unknown (0). */
export function sdtpDependency(sync: boolean): number {
  return sync ? 0x20 : 0x10;
}

const TFXD_UUID = uuidBytes('6d1d9b05-42d5-44e6-80e2-141daff757b2');

/** Smooth's TrackFragmentExtendedHeaderBox, version 1: absolute fragment time and duration. */
export function tfxd(time: number, duration: number): Uint8Array {
  const body = new Uint8Array(4 + 16);
  body[0] = 1; // version; flags 0
  writeU64(body, 4, time);
  writeU64(body, 12, duration);
  return box('uuid', TFXD_UUID, body);
}

/** The 8-byte `mdat` header, or the 16-byte largesize form when the payload needs it. */
export function mdatHeader(payloadLength: number): Uint8Array {
  if (payloadLength + 8 <= 0xffff_ffff) {
    const out = new Uint8Array(8);
    writeU32(out, 0, payloadLength + 8);
    out.set([0x6d, 0x64, 0x61, 0x74], 4);
    return out;
  }
  const out = new Uint8Array(16);
  writeU32(out, 0, 1);
  out.set([0x6d, 0x64, 0x61, 0x74], 4);
  writeU64(out, 8, payloadLength + 16);
  return out;
}
