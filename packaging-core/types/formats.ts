/**
 * The delivery formats by their AMS names (streaming-formats.md §1.2). Everything about each one
 * (protocol, container, content types, schemes, codecs, keys and names) is in formats/format-table.ts.
 */
export type StreamingFormat =
  | 'm3u8-aapl' // HLS v4: TS, demuxed audio
  | 'm3u8-aapl-v3' // HLS v3: TS, muxed audio
  | 'm3u8-cmaf' // HLS v7: fMP4/CMAF
  | 'mpd-time-csf' // DASH, ccff fMP4
  | 'mpd-time-cmaf' // DASH, CMAF
  | 'smooth' // Smooth Streaming 2.2 (bare `manifest`)
  | 'fmp4-v20'; // Smooth Streaming 2.0

/** What a streaming policy enables: the streaming protocols and progressive download. */
export type Protocol = 'hls' | 'dash' | 'smooth' | 'download';
