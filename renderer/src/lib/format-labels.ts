import type { LocatorPathsData } from '@contract';

export type FormatKey = keyof LocatorPathsData['urls'];

/** The six formats in the order AMS's portal listed them, with the names streaming people use. */
export const FORMATS: readonly { key: FormatKey; label: string }[] = [
  { key: 'hls-v4', label: 'HLS v4 (TS)' },
  { key: 'hls-v3', label: 'HLS v3 (TS, muxed)' },
  { key: 'hls-cmaf', label: 'HLS CMAF' },
  { key: 'dash-csf', label: 'DASH CSF' },
  { key: 'dash-cmaf', label: 'DASH CMAF' },
  { key: 'smooth', label: 'Smooth Streaming' },
];
