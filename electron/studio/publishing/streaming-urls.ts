import { FORMATS, parseOriginPath } from '../../../packaging-core/index.ts';
import type { FormatKey } from '../api/contract.ts';
import type { LocatorPaths } from './list-paths.ts';

export type { FormatKey };

export interface StreamingUrls {
  /** Only the formats the locator's policy enables. */
  readonly formats: Partial<Record<FormatKey, string>>;
  readonly downloads: readonly string[];
}

/** Absolute URLs of a locator's paths on an endpoint, e.g. base `http://127.0.0.1:8787`. */
export function streamingUrls(paths: LocatorPaths, baseUrl: string): StreamingUrls {
  const base = new URL(baseUrl);
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const formats: Partial<Record<FormatKey, string>> = {};
  for (const group of paths.streamingPaths) {
    for (const p of group.paths) {
      // The origin's own parser names the format of a path: the URL grammar is not spoken twice. The
      // table's UI key names it (Smooth 2.0, `fmp4-v20`, is served but has none).
      const request = parseOriginPath(p);
      const key = request.kind === 'manifest' ? FORMATS[request.format].uiKey : null;
      if (key) formats[key] = prefix + p;
    }
  }
  return { formats, downloads: paths.downloadPaths.map((p) => prefix + p) };
}
