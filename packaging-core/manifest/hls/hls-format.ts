/** The three HLS flavours the origin writes (AMS's format= keys). */
export type HlsFormat = 'm3u8-aapl' | 'm3u8-aapl-v3' | 'm3u8-cmaf';
