import type { LocatorPaths } from './list-paths.ts';

/** The six delivery formats the studio names, as the player and UI key them. */
export type FormatKey = 'hls-v4' | 'hls-v3' | 'hls-cmaf' | 'dash-csf' | 'dash-cmaf' | 'smooth';

export interface StreamingUrls {
  /** Only the formats the locator's policy enables. */
  readonly formats: Partial<Record<FormatKey, string>>;
  readonly downloads: readonly string[];
}

const FORMAT_OF_PATH: ReadonlyArray<readonly [RegExp, FormatKey]> = [
  [/\/manifest\(format=m3u8-aapl\)$/, 'hls-v4'],
  [/\/manifest\(format=m3u8-aapl-v3\)$/, 'hls-v3'],
  [/\/manifest\(format=m3u8-cmaf\)$/, 'hls-cmaf'],
  [/\/manifest\(format=mpd-time-csf\)$/, 'dash-csf'],
  [/\/manifest\(format=mpd-time-cmaf\)$/, 'dash-cmaf'],
  [/\/manifest$/, 'smooth'],
];

/** Absolute URLs of a locator's paths on an endpoint, e.g. base `http://127.0.0.1:8787`. */
export function streamingUrls(paths: LocatorPaths, baseUrl: string): StreamingUrls {
  const base = new URL(baseUrl);
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const formats: Partial<Record<FormatKey, string>> = {};
  for (const group of paths.streamingPaths) {
    for (const p of group.paths) {
      const key = FORMAT_OF_PATH.find(([re]) => re.test(p))?.[1];
      if (key) formats[key] = prefix + p;
    }
  }
  return { formats, downloads: paths.downloadPaths.map((p) => prefix + p) };
}
