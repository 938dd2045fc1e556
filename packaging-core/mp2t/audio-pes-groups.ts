/**
 * Which AAC frames share a PES. One PES per frame wastes ~14 header bytes + packet stuffing per 21 ms;
 * ffmpeg and Apple's segmenter group frames. We group consecutive frames while the PES stays at most
 * 90 ms long (4 frames at 48 kHz, 3 at 44.1 kHz) and within the 16-bit PES length: short enough that
 * audio-only renditions, whose PES carry the PCR, keep PCRs under the 100 ms the standard allows, and
 * that a player cutting at a segment boundary loses nothing.
 */
import type { SampleTable } from '../types/media.ts';
import { ADTS_HEADER_SIZE } from './adts.ts';
import { PES_MAX_LENGTH_FIELD, pesHeaderSize } from './pes.ts';

export const AUDIO_PES_MAX_DURATION_90K = 8_100;

const MAX_PAYLOAD = PES_MAX_LENGTH_FIELD - (pesHeaderSize(false) - 6);

/**
 * Groups frames [first, end) and returns the boundaries: group g holds frames [b[g], b[g+1]); the last
 * entry is `end`. A frame alone in its group is always accepted, however long.
 */
export function groupAudioFrames(
  samples: SampleTable,
  timescale: number,
  first: number,
  end: number,
): Uint32Array {
  const bounds: number[] = [];
  const maxDuration = (AUDIO_PES_MAX_DURATION_90K * timescale) / 90_000;
  let groupStart = first;
  let groupBytes = 0;
  for (let i = first; i < end; i++) {
    const frameEnd = (samples.dts[i] ?? 0) + (samples.durations[i] ?? 0);
    const bytes = ADTS_HEADER_SIZE + (samples.sizes[i] ?? 0);
    const fits =
      frameEnd - (samples.dts[groupStart] ?? 0) <= maxDuration && groupBytes + bytes <= MAX_PAYLOAD;
    if (i === first || !fits) {
      bounds.push(i);
      groupStart = i;
      groupBytes = 0;
    }
    groupBytes += bytes;
  }
  bounds.push(end);
  return Uint32Array.from(bounds);
}
