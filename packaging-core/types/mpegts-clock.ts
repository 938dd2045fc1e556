/**
 * The 10 s shift of the MPEG-TS 90 kHz clock of our HLS segments (see mp2t/clock.ts for why). A type-level
 * fact of the TS format, here so that writers beside the TS muxer (the WebVTT X-TIMESTAMP-MAP of HLS
 * subtitles) use the same number without importing the muxer.
 */
export const TS_CLOCK_OFFSET_90K = 900_000;
