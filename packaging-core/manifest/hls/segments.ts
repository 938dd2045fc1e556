/**
 * HLS segments over a track's fragments: TS formats pack `fragmentsPerHlsSegment` fragments per segment
 * (streaming-formats.md §2.1), CMAF one. A segment is named by its first fragment's start time.
 */
import type { PresentationTrack } from '../../types/media.ts';

export interface SegmentSpan {
  /** First fragment of the segment. */
  readonly first: number;
  /** One past its last fragment. */
  readonly end: number;
  /** Start in 10 MHz ticks (the first fragment's startTicks: the time in the segment URL). */
  readonly start: number;
  /** Real duration in ticks (sum of its fragments). */
  readonly duration: number;
}

export function fragmentCount(track: PresentationTrack): number {
  return track.fragments.startTicks.length - 1;
}

export function segmentSpans(track: PresentationTrack, fragmentsPerSegment: number): SegmentSpan[] {
  const starts = track.fragments.startTicks;
  const count = fragmentCount(track);
  const per = Math.max(1, Math.floor(fragmentsPerSegment));
  const spans: SegmentSpan[] = [];
  for (let first = 0; first < count; first += per) {
    const end = Math.min(first + per, count);
    spans.push({ first, end, start: starts[first]!, duration: starts[end]! - starts[first]! });
  }
  return spans;
}

export interface FragmentPayload {
  /** Media bytes of each fragment. */
  readonly bytes: Float64Array;
  /** Samples in each fragment. */
  readonly samples: Uint32Array;
}

// Sizes are summed once per track object; presentations are cached upstream, so manifests stay cheap.
const payloadCache = new WeakMap<PresentationTrack, FragmentPayload>();

export function fragmentPayload(track: PresentationTrack): FragmentPayload {
  const cached = payloadCache.get(track);
  if (cached) return cached;
  const count = fragmentCount(track);
  const { firstSample } = track.fragments;
  const sizes = track.samples.sizes;
  const bytes = new Float64Array(count);
  const samples = new Uint32Array(count);
  for (let f = 0; f < count; f++) {
    const from = firstSample[f]!;
    const to = firstSample[f + 1]!;
    let sum = 0;
    for (let s = from; s < to; s++) sum += sizes[s]!;
    bytes[f] = sum;
    samples[f] = to - from;
  }
  const payload = { bytes, samples };
  payloadCache.set(track, payload);
  return payload;
}

/** Media bytes and sample count of fragments [first, end). */
export function spanPayload(
  payload: FragmentPayload,
  first: number,
  end: number,
): { bytes: number; samples: number } {
  let bytes = 0;
  let samples = 0;
  for (let f = first; f < end; f++) {
    bytes += payload.bytes[f] ?? 0;
    samples += payload.samples[f] ?? 0;
  }
  return { bytes, samples };
}
