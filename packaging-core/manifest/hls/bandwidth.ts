/**
 * BANDWIDTH / AVERAGE-BANDWIDTH of HLS variants (RFC 8216 §4.3.4.2): the peak and the average segment
 * bit rate of the variant *as delivered*, i.e. media bytes plus the container's overhead, with the audio
 * rendition that makes it largest. Computed from the sample sizes, not from the nominal .ism bitrate.
 */
import type { Container } from '../../formats/format-table.ts';
import type { PresentationTrack } from '../../types/media.ts';
import { TICKS_PER_SECOND } from '../../types/media.ts';
import type { SegmentSpan } from './segments.ts';
import { fragmentCount, fragmentPayload, segmentSpans, spanPayload } from './segments.ts';

export interface Bandwidth {
  /** Bits per second, rounded up. */
  readonly peak: number;
  readonly average: number;
}

const TS_PACKET = 188;
const TS_PAYLOAD = 184;
/** PAT + PMT at the start of every segment. */
const TS_TABLES = 2 * TS_PACKET;
/**
 * Per access unit in TS: PES header (19 bytes with PTS+DTS) plus the average stuffing of the PES's
 * last packet (half a packet); video adds an access unit delimiter and in-band SPS/PPS, audio an ADTS
 * header. Over-estimating slightly is safe for BANDWIDTH; under-estimating makes players stall.
 */
const TS_PER_SAMPLE = { video: 19 + 6 + TS_PAYLOAD / 2, audio: 19 + 7 + TS_PAYLOAD / 2 } as const;
/** SPS/PPS repeated before each IDR: a generous allowance per fragment. */
const TS_PER_FRAGMENT_VIDEO = 64;
/** fMP4: moof/mfhd/traf/tfhd/tfdt/trun headers + mdat header per fragment, and a trun entry per sample. */
const FMP4_PER_FRAGMENT = 120;
const FMP4_PER_SAMPLE = 16;

function deliveredBytes(
  track: PresentationTrack,
  container: Container,
  bytes: number,
  samples: number,
  fragments: number,
): number {
  if (container === 'fmp4') return bytes + samples * FMP4_PER_SAMPLE + fragments * FMP4_PER_FRAGMENT;
  const extra = track.kind === 'video' ? fragments * TS_PER_FRAGMENT_VIDEO : 0;
  const pes = bytes + extra + samples * TS_PER_SAMPLE[track.kind];
  return Math.ceil(pes / TS_PAYLOAD) * TS_PACKET + TS_TABLES;
}

/** Delivered bits of each segment of `track` cut along `spans` (fragment indices). */
function spanBits(
  track: PresentationTrack,
  spans: readonly SegmentSpan[],
  container: Container,
): Float64Array {
  const payload = fragmentPayload(track);
  const bits = new Float64Array(spans.length);
  spans.forEach((span, i) => {
    const { bytes, samples } = spanPayload(payload, span.first, span.end);
    bits[i] = 8 * deliveredBytes(track, container, bytes, samples, span.end - span.first);
  });
  return bits;
}

function seconds(ticks: number): number {
  return ticks / TICKS_PER_SECOND;
}

function rates(bits: Float64Array, spans: readonly SegmentSpan[]): Bandwidth {
  let peak = 0;
  let totalBits = 0;
  let totalTicks = 0;
  spans.forEach((span, i) => {
    const b = bits[i] ?? 0;
    totalBits += b;
    totalTicks += span.duration;
    if (span.duration > 0) peak = Math.max(peak, b / seconds(span.duration));
  });
  const average = totalTicks > 0 ? totalBits / seconds(totalTicks) : 0;
  return { peak: Math.ceil(peak), average: Math.ceil(average) };
}

/** The audio track's own peak and average, for audio-only variants and as a fallback. */
export function trackBandwidth(
  track: PresentationTrack,
  fragmentsPerSegment: number,
  container: Container,
): Bandwidth {
  const spans = segmentSpans(track, fragmentsPerSegment);
  return rates(spanBits(track, spans, container), spans);
}

/**
 * A video variant with any of `audio` as its audio (muxed or a rendition): per segment, video bits plus
 * the largest audio bits over the same fragments.
 */
export function variantBandwidth(
  video: PresentationTrack,
  audio: readonly PresentationTrack[],
  fragmentsPerSegment: number,
  container: Container,
): Bandwidth {
  const spans = segmentSpans(video, fragmentsPerSegment);
  const bits = spanBits(video, spans, container);
  let fallbackPeak = 0;
  let fallbackAverage = 0;
  const aligned = new Float64Array(spans.length);
  for (const track of audio) {
    if (fragmentCount(track) === fragmentCount(video)) {
      const audioBits = spanBits(track, spans, container);
      audioBits.forEach((b, i) => {
        aligned[i] = Math.max(aligned[i]!, b);
      });
    } else {
      // Timelines that do not share fragment indices: add the audio's own peak (an upper bound).
      const own = trackBandwidth(track, fragmentsPerSegment, container);
      fallbackPeak = Math.max(fallbackPeak, own.peak);
      fallbackAverage = Math.max(fallbackAverage, own.average);
    }
  }
  aligned.forEach((b, i) => {
    bits[i] = bits[i]! + b;
  });
  const combined = rates(bits, spans);
  return { peak: combined.peak + fallbackPeak, average: combined.average + fallbackAverage };
}

/** I-frame playlist of `video`: one keyframe (the fragment's first sample) per fragment. */
export function iframeBandwidth(video: PresentationTrack): Bandwidth {
  const spans = segmentSpans(video, 1);
  const { firstSample } = video.fragments;
  const bits = new Float64Array(spans.length);
  spans.forEach((span, i) => {
    const size = video.samples.sizes[firstSample[span.first]!] ?? 0;
    bits[i] = 8 * deliveredBytes(video, 'ts', size, 1, 1);
  });
  return rates(bits, spans);
}
