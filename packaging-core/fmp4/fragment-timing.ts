/**
 * Sample timing of one fragment on the 10 MHz clock our fMP4 output uses (AMS does the same, so a
 * URL time, a tfdt and a tfxd are one number).
 *
 * The rule, and why:
 *  - Presentation times are kept exactly: pts' = round(pts · 10^7 / timescale) on ABSOLUTE times, the
 *    same rounding that gives `TrackFragments.startTicks`, so a fragment's earliest pts' is its start
 *    tick and nothing drifts however long the track.
 *  - Decode times cannot stay as they are: with B-frames the edit-list-applied dts starts negative
 *    (-2 frames for x264's pyramid) and tfdt is unsigned. So every decode time of the track is shifted
 *    by the same delay D = -dts[0] (0 when dts[0] ≥ 0): dts' = round((dts + D) · 10^7 / timescale).
 *    One constant for the whole track keeps decoding continuous across fragments.
 *  - The composition offset is what remains: cto' = pts' - dts', signed (trun version 1). It is
 *    negative for B-frames shown before the frame decoded with them; no edit list is needed.
 *  - Durations are differences of consecutive rounded decode times (the last sample of the track
 *    ends at its rounded dts + duration), never rounded durations added up.
 * Consequence: for closed GOPs whose IDR is decoded D before it is shown (true of every GOP x264
 * writes), tfdt = the IDR's pts = the fragment's start tick. Audio with an encoder-priming edit
 * (dts[0] = -1024 samples) keeps its priming frame at a negative pts; players drop it, as the edit list
 * asked.
 */
import { toTicks } from '../presentation/ticks.ts';
import type { PresentationTrack, SampleTable } from '../types/media.ts';

export interface FragmentTiming {
  /** Index of the fragment's first sample in the track's SampleTable. */
  readonly first: number;
  readonly count: number;
  /** Decode time of the first sample, 10 MHz, ≥ 0 (tfdt). */
  readonly baseDecodeTime: number;
  /** Earliest presentation time of the fragment, 10 MHz. */
  readonly earliestPresentationTime: number;
  /** Per sample, 10 MHz. Views of shared scratch buffers: valid until the next call. */
  readonly durations: Uint32Array;
  readonly compositionOffsets: Int32Array;
  /** True when some composition offset is not 0 (the trun must carry them). */
  readonly hasCompositionOffsets: boolean;
}

let durationScratch = new Uint32Array(512);
let offsetScratch = new Int32Array(512);

function scratchFor(count: number): void {
  if (durationScratch.length >= count) return;
  const size = Math.max(count, durationScratch.length * 2);
  durationScratch = new Uint32Array(size);
  offsetScratch = new Int32Array(size);
}

/** The constant that makes every decode time of the track non-negative. */
export function decodeDelay(samples: SampleTable): number {
  return samples.count > 0 ? Math.max(0, -samples.dts[0]!) : 0;
}

const presentationDelays = new WeakMap<SampleTable, number>();

/**
 * The edit that replaces negative composition offsets (DASH and HLS fMP4): the largest amount by
 * which a sample is shown before it is decoded on the shifted decode clock, 10 MHz (0 when none is).
 * Written as an `elst` media time in the init segment, and added to every composition offset, it
 * gives the same presentation times without a negative offset — which ffmpeg's demuxer does not
 * honour (it adds a per-track shift instead, putting video ~2 frames and audio 1 frame late, i.e.
 * out of sync), while browsers and ffmpeg both apply a one-entry edit list.
 */
export function presentationDelay(track: PresentationTrack): number {
  const samples = track.samples;
  const cached = presentationDelays.get(samples);
  if (cached !== undefined) return cached;
  const { dts, cto } = samples;
  const delay = decodeDelay(samples);
  let most = 0;
  for (let i = 0; i < samples.count; i++) {
    const early = toTicks(dts[i]! + delay, track.timescale) - toTicks(dts[i]! + cto[i]!, track.timescale);
    if (early > most) most = early;
  }
  presentationDelays.set(samples, most);
  return most;
}

/**
 * @param compositionShift added to every composition offset (presentationDelay for the edit-list
 *   form; 0 keeps the signed offsets Smooth clients expect).
 */
export function fragmentTiming(track: PresentationTrack, fragmentIndex: number, compositionShift = 0): FragmentTiming {
  const { firstSample } = track.fragments;
  const fragmentCount = firstSample.length - 1;
  if (!Number.isInteger(fragmentIndex) || fragmentIndex < 0 || fragmentIndex >= fragmentCount) {
    throw new RangeError(
      `track ${track.key} has ${fragmentCount} fragments; there is no fragment ${fragmentIndex}`,
    );
  }
  const samples = track.samples;
  const { dts, cto } = samples;
  const timescale = track.timescale;
  const delay = decodeDelay(samples);
  const first = firstSample[fragmentIndex]!;
  const end = firstSample[fragmentIndex + 1]!;
  const count = end - first;
  scratchFor(count);
  const durations = durationScratch.subarray(0, count);
  const offsets = offsetScratch.subarray(0, count);

  const decodeTicks = (i: number): number => toTicks(dts[i]! + delay, timescale);
  const last = samples.count - 1;
  let decode = first <= last ? decodeTicks(first) : toTicks(trackDecodeEnd(samples) + delay, timescale);
  const baseDecodeTime = decode;
  let earliest = Number.POSITIVE_INFINITY;
  let anyOffset = false;
  for (let k = 0; k < count; k++) {
    const i = first + k;
    const next = i < last ? decodeTicks(i + 1) : toTicks(dts[i]! + delay + samples.durations[i]!, timescale);
    const presentation = toTicks(dts[i]! + cto[i]!, timescale);
    durations[k] = next - decode;
    const offset = presentation - decode + compositionShift;
    offsets[k] = offset;
    if (offset !== 0) anyOffset = true;
    if (presentation < earliest) earliest = presentation;
    decode = next;
  }
  return {
    first,
    count,
    baseDecodeTime,
    earliestPresentationTime: count > 0 ? earliest : baseDecodeTime,
    durations,
    compositionOffsets: offsets,
    hasCompositionOffsets: anyOffset,
  };
}

function trackDecodeEnd(samples: SampleTable): number {
  const last = samples.count - 1;
  return last >= 0 ? samples.dts[last]! + samples.durations[last]! : 0;
}
