/** The delivery formats and their AMS names (streaming-formats.md §1.2). */
export type StreamingFormat =
  | 'm3u8-aapl' // HLS v4: TS, demuxed audio
  | 'm3u8-aapl-v3' // HLS v3: TS, muxed audio
  | 'm3u8-cmaf' // HLS v7: fMP4/CMAF
  | 'mpd-time-csf' // DASH, ccff fMP4
  | 'mpd-time-cmaf' // DASH, CMAF
  | 'smooth' // Smooth Streaming 2.2 (bare `manifest`)
  | 'fmp4-v20'; // Smooth Streaming 2.0

export type Protocol = 'hls' | 'dash' | 'smooth' | 'download';

export const protocolOf: Readonly<Record<StreamingFormat, Protocol>> = {
  'm3u8-aapl': 'hls',
  'm3u8-aapl-v3': 'hls',
  'm3u8-cmaf': 'hls',
  'mpd-time-csf': 'dash',
  'mpd-time-cmaf': 'dash',
  smooth: 'smooth',
  'fmp4-v20': 'smooth',
};

/** The six formats the product names, in the order the UI lists them. */
export const PRIMARY_FORMATS = [
  'm3u8-aapl',
  'm3u8-aapl-v3',
  'm3u8-cmaf',
  'mpd-time-csf',
  'mpd-time-cmaf',
  'smooth',
] as const satisfies readonly StreamingFormat[];
