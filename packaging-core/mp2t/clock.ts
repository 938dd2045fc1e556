/**
 * The MPEG-TS 90 kHz clock of our HLS segments.
 *
 * Every timestamp is computed from the sample's absolute time (never by adding rounded durations), so a
 * segment built alone carries exactly the times it would carry inside the whole stream, and every
 * rendition of a presentation (each video rung, each audio track, muxed or not) shares one clock: players
 * can switch between them at any segment boundary.
 *
 * TS_CLOCK_OFFSET_90K shifts that clock by 10 s, as AMS's packager shifted its TS output. Our sample
 * tables start presentation at 0, so B-frame reordering makes the first decode times negative (e.g. -2
 * frames) and AAC priming does the same for audio; PTS/DTS are unsigned, so they need the headroom. It is
 * one constant for every track of every asset, which is what keeps renditions aligned.
 *
 * PTS/DTS/PCR are 33-bit fields: values wrap after 2^33 / 90000 s ≈ 26.5 h of media, as the standard
 * intends; players unwrap them.
 */

import { TS_CLOCK_OFFSET_90K } from '../types/mpegts-clock.ts';

export { TS_CLOCK_OFFSET_90K };

/**
 * How far the PCR runs ahead of the decode time of the PES it is carried with. It is the T-STD buffering
 * delay: data must arrive before it is decoded. 700 ms is ffmpeg's default mux delay; players ignore the
 * value but stream analysers check PCR ≤ DTS.
 */
export const PCR_DELAY_90K = 63_000;

/** At most 100 ms between PCRs (ISO/IEC 13818-1 §2.7.2). */
export const PCR_MAX_INTERVAL_90K = 9_000;

const WRAP = 2 ** 33;

/**
 * A time in a track's native timescale → the 90 kHz clock, offset applied, not yet wrapped (so callers
 * can compare and subtract). Splitting whole seconds off keeps the product exact for any media length.
 */
export function to90k(time: number, timescale: number): number {
  const seconds = Math.floor(time / timescale);
  const rest = time - seconds * timescale;
  return seconds * 90_000 + Math.round((rest * 90_000) / timescale) + TS_CLOCK_OFFSET_90K;
}

/** Reduces a 90 kHz time to the 33 bits PTS, DTS and PCR base carry. */
export function wrap33(time90k: number): number {
  return ((time90k % WRAP) + WRAP) % WRAP;
}
