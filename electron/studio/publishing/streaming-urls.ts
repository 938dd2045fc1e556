import { parseOriginPath, type StreamingFormat } from '../../../packaging-core/index.ts';
import type { FormatKey } from '../api/contract.ts';
import type { LocatorPaths } from './list-paths.ts';

export type { FormatKey };

export interface StreamingUrls {
  /** Only the formats the locator's policy enables. */
  readonly formats: Partial<Record<FormatKey, string>>;
  readonly downloads: readonly string[];
}

/** The AMS formats the studio names (Smooth 2.0, `fmp4-v20`, is served but not named). */
const KEY_OF_FORMAT: Partial<Record<StreamingFormat, FormatKey>> = {
  'm3u8-aapl': 'hls-v4',
  'm3u8-aapl-v3': 'hls-v3',
  'm3u8-cmaf': 'hls-cmaf',
  'mpd-time-csf': 'dash-csf',
  'mpd-time-cmaf': 'dash-cmaf',
  smooth: 'smooth',
};

/** Absolute URLs of a locator's paths on an endpoint, e.g. base `http://127.0.0.1:8787`. */
export function streamingUrls(paths: LocatorPaths, baseUrl: string): StreamingUrls {
  const base = new URL(baseUrl);
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const formats: Partial<Record<FormatKey, string>> = {};
  for (const group of paths.streamingPaths) {
    for (const p of group.paths) {
      // The origin's own parser names the format of a path: the URL grammar is not spoken twice.
      const request = parseOriginPath(p);
      const key = request.kind === 'manifest' ? KEY_OF_FORMAT[request.format] : undefined;
      if (key) formats[key] = prefix + p;
    }
  }
  return { formats, downloads: paths.downloadPaths.map((p) => prefix + p) };
}
