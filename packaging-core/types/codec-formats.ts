/**
 * Which delivery format carries which codec, as the origin serves them (issue 16). HLS TS carries
 * what MPEG-TS and HLS players take in PES (H.264, HEVC, AAC, AC-3, E-AC-3); the fMP4 formats carry
 * every codec the origin packages; Smooth carries what AMS served in Smooth (H.264, AAC). AV1 and
 * Opus are fMP4-only: neither has an HLS TS mapping players take.
 */
import type { CodecConfig } from './media.ts';
import { PRIMARY_FORMATS, type StreamingFormat } from './formats.ts';

export type CodecId = CodecConfig['codec'];

const FMP4: readonly StreamingFormat[] = ['m3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf'];
const EVERY: readonly StreamingFormat[] = [...PRIMARY_FORMATS, 'fmp4-v20'];

export const CODEC_FORMATS: Readonly<Record<CodecId, readonly StreamingFormat[]>> = {
  avc1: EVERY,
  mp4a: EVERY,
  hvc1: ['m3u8-aapl', 'm3u8-aapl-v3', ...FMP4],
  hev1: ['m3u8-aapl', 'm3u8-aapl-v3', ...FMP4],
  av01: FMP4,
  'ac-3': ['m3u8-aapl', 'm3u8-aapl-v3', ...FMP4],
  'ec-3': ['m3u8-aapl', 'm3u8-aapl-v3', ...FMP4],
  Opus: FMP4,
};

/** Human names of the formats, for errors. */
export const FORMAT_NAMES: Readonly<Record<StreamingFormat, string>> = {
  'm3u8-aapl': 'HLS v4 (TS)',
  'm3u8-aapl-v3': 'HLS v3 (TS)',
  'm3u8-cmaf': 'HLS CMAF',
  'mpd-time-csf': 'DASH CSF',
  'mpd-time-cmaf': 'DASH CMAF',
  smooth: 'Smooth Streaming',
  'fmp4-v20': 'Smooth Streaming 2.0',
};

export function carries(format: StreamingFormat, codec: CodecId): boolean {
  return CODEC_FORMATS[codec].includes(format);
}

/**
 * The primary formats an asset is served in (what ListPaths and the UI offer): every video codec must
 * go in the format; audio the format cannot carry is left out of it, so one carried audio track is enough.
 */
export function servableFormats(video: readonly CodecId[], audio: readonly CodecId[] = []): StreamingFormat[] {
  return PRIMARY_FORMATS.filter((f) => video.every((c) => carries(f, c)) && (audio.length === 0 || audio.some((c) => carries(f, c))));
}
