/**
 * The sample index of a fragmented MP4 (CMAF/DASH tracks, ISMV/ISMA Smooth sources, AMS live
 * archives): every `moof`'s track fragments (`tfhd`, `tfdt` or Smooth's `tfxd`, `trun`s) with the
 * `trex` defaults from `moov/mvex`, collected into the same typed-array SampleTable the `moov` path
 * produces (ISO 14496-12 §8.8). Built once per file and cached with it, like a moov index.
 */
import type { SampleTable } from '../types/media.ts';
import { type Box, BoxFormatError, childBoxes, ensureRoom, findChild, fullBoxHeader } from './box.ts';
import { editShift, type BuiltSampleTable, type TimeMapping } from './sample-table.ts';

export interface TrackExtends {
  readonly descriptionIndex: number;
  readonly duration: number;
  readonly size: number;
  readonly flags: number;
}

/** Smooth Streaming's TfxdBox (absolute fragment time in the track timescale). */
const TFXD_UUID = '6d1d9b0542d544e680e2141daff757b2';
/** sample_is_non_sync_sample (ISO 14496-12 §8.8.3.1). */
const NON_SYNC = 0x10000;
/**
 * More samples than this in one track run is not a real fragment (a 20 s fragment at 120 fps is 2,400):
 * a hostile count with no per-sample fields would otherwise make us index billions of samples.
 */
const MAX_TRUN_SAMPLES = 1 << 20;

/** Per-track growing sample lists, filled fragment by fragment. */
export class FragmentedTrackIndex {
  readonly offsets: number[] = [];
  readonly sizes: number[] = [];
  readonly dts: number[] = [];
  readonly cto: number[] = [];
  readonly durations: number[] = [];
  readonly sync: number[] = [];
  /** Decode time after the last sample: the next fragment's start when it carries no time of its own. */
  nextDts = 0;
}

/** `trex` boxes of `moov/mvex`, by track_ID. */
export function parseTrex(view: DataView, mvex: Box): Map<number, TrackExtends> {
  const out = new Map<number, TrackExtends>();
  for (const box of childBoxes(view, mvex.payload, mvex.end)) {
    if (box.type !== 'trex') continue;
    const { body } = fullBoxHeader(view, box);
    ensureRoom(box, body, 20);
    out.set(view.getUint32(body), {
      descriptionIndex: view.getUint32(body + 4),
      duration: view.getUint32(body + 8),
      size: view.getUint32(body + 12),
      flags: view.getUint32(body + 16),
    });
  }
  return out;
}

function uuidOf(view: DataView, box: Box): string {
  let hex = '';
  for (let i = box.start + 8; i < box.start + 24; i++) hex += view.getUint8(i).toString(16).padStart(2, '0');
  return hex;
}

function u64(view: DataView, at: number): number {
  return Number(view.getBigUint64(at));
}

/**
 * Adds the samples of one `moof` (read whole into `bytes`, which sits at `moofOffset` in the file)
 * to the tracks it has fragments of. Tracks not in `tracks` are skipped.
 */
export function indexMoof(bytes: Uint8Array, moofOffset: number, trex: ReadonlyMap<number, TrackExtends>, tracks: ReadonlyMap<number, FragmentedTrackIndex>): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [moof] = childBoxes(view, 0, bytes.length);
  if (moof?.type !== 'moof') throw new BoxFormatError(`expected a moof box at byte ${moofOffset}`);
  // Without a base-data-offset and default-base-is-moof, a traf's data follows the previous one's.
  let previousEnd = moofOffset;
  for (const traf of childBoxes(view, moof.payload, moof.end)) {
    if (traf.type !== 'traf') continue;
    const tfhdBox = findChild(view, traf, 'tfhd');
    if (!tfhdBox) throw new BoxFormatError(`a traf in the moof at byte ${moofOffset} has no tfhd`);
    const { flags: tf, body } = fullBoxHeader(view, tfhdBox);
    ensureRoom(tfhdBox, body, 4);
    const trackId = view.getUint32(body);
    const index = tracks.get(trackId);
    const defaults = trex.get(trackId);
    let at = body + 4;
    let base = tf & 0x20000 ? moofOffset : previousEnd;
    if (tf & 0x1) {
      ensureRoom(tfhdBox, at, 8);
      base = u64(view, at);
      at += 8;
    }
    if (tf & 0x2) at += 4; // sample_description_index: only the first description is packaged
    let defaultDuration = defaults?.duration ?? 0;
    let defaultSize = defaults?.size ?? 0;
    let defaultFlags = defaults?.flags ?? 0;
    if (tf & 0x8) {
      ensureRoom(tfhdBox, at, 4);
      defaultDuration = view.getUint32(at);
      at += 4;
    }
    if (tf & 0x10) {
      ensureRoom(tfhdBox, at, 4);
      defaultSize = view.getUint32(at);
      at += 4;
    }
    if (tf & 0x20) {
      ensureRoom(tfhdBox, at, 4);
      defaultFlags = view.getUint32(at);
    }
    const kids = childBoxes(view, traf.payload, traf.end);
    let time: number | undefined;
    const tfdt = kids.find((b) => b.type === 'tfdt');
    if (tfdt) {
      const h = fullBoxHeader(view, tfdt);
      ensureRoom(tfdt, h.body, h.version === 1 ? 8 : 4);
      time = h.version === 1 ? u64(view, h.body) : view.getUint32(h.body);
    } else {
      const tfxd = kids.find((b) => b.type === 'uuid' && uuidOf(view, b) === TFXD_UUID);
      if (tfxd) {
        const h = fullBoxHeader(view, tfxd);
        ensureRoom(tfxd, h.body, h.version === 1 ? 8 : 4);
        // Signed: ffmpeg's ismv muxer writes the AAC priming as a negative first time (an edit list's job elsewhere).
        time = h.version === 1 ? Number(view.getBigInt64(h.body)) : view.getUint32(h.body);
      }
    }
    let dataEnd = base;
    for (const trun of kids) {
      if (trun.type !== 'trun') continue;
      const h = fullBoxHeader(view, trun);
      ensureRoom(trun, h.body, 4);
      const count = view.getUint32(h.body);
      if (count > MAX_TRUN_SAMPLES) throw new BoxFormatError(`a trun in the moof at byte ${moofOffset} claims ${count} samples`);
      let p = h.body + 4;
      let offset = dataEnd;
      if (h.flags & 0x1) {
        ensureRoom(trun, p, 4);
        offset = base + view.getInt32(p);
        p += 4;
      }
      let firstFlags: number | undefined;
      if (h.flags & 0x4) {
        ensureRoom(trun, p, 4);
        firstFlags = view.getUint32(p);
        p += 4;
      }
      const perSample = ((h.flags & 0x100 ? 4 : 0) + (h.flags & 0x200 ? 4 : 0) + (h.flags & 0x400 ? 4 : 0) + (h.flags & 0x800 ? 4 : 0));
      ensureRoom(trun, p, count * perSample);
      if (index) {
        let dts = time ?? index.nextDts;
        for (let i = 0; i < count; i++) {
          const duration = h.flags & 0x100 ? view.getUint32((p += 4) - 4) : defaultDuration;
          const size = h.flags & 0x200 ? view.getUint32((p += 4) - 4) : defaultSize;
          const sampleFlags = h.flags & 0x400 ? view.getUint32((p += 4) - 4) : i === 0 && firstFlags !== undefined ? firstFlags : defaultFlags;
          const cto = h.flags & 0x800 ? (h.version === 0 ? view.getUint32((p += 4) - 4) : view.getInt32((p += 4) - 4)) : 0;
          index.offsets.push(offset);
          index.sizes.push(size);
          index.dts.push(dts);
          index.cto.push(cto);
          index.durations.push(duration);
          index.sync.push(sampleFlags & NON_SYNC ? 0 : 1);
          offset += size;
          dts += duration;
        }
        index.nextDts = dts;
        time = dts;
      } else {
        for (let i = 0; i < count; i++) offset += h.flags & 0x200 ? view.getUint32(p + i * perSample + (h.flags & 0x100 ? 4 : 0)) : defaultSize;
      }
      dataEnd = offset;
    }
    previousEnd = dataEnd;
  }
}

/**
 * The SampleTable of a fragmented track: decode times as the fragments give them (tfdt/tfxd, so
 * tracks in separate files stay in sync), then the edit list as for a progressive file.
 */
export function fragmentedSampleTable(index: FragmentedTrackIndex, map: TimeMapping): BuiltSampleTable {
  const count = index.sizes.length;
  if (count === 0) throw new BoxFormatError('it has no samples in any fragment (an empty track)');
  const { shift, presentedDuration } = editShift(map);
  const dts = new Float64Array(count);
  const cto = Int32Array.from(index.cto);
  for (let i = 0; i < count; i++) dts[i] = index.dts[i]! + shift;
  const samples: SampleTable = {
    count,
    offsets: Float64Array.from(index.offsets),
    sizes: Uint32Array.from(index.sizes),
    dts,
    cto,
    durations: Uint32Array.from(index.durations),
    sync: Uint8Array.from(index.sync),
  };
  let end = -Infinity;
  for (let i = 0; i < count; i++) end = Math.max(end, dts[i]! + cto[i]! + samples.durations[i]!);
  return { samples, duration: presentedDuration ?? end };
}
